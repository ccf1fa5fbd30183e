package dev.stackyard.core.service.probe;

import dev.stackyard.testing.Daemons;
import dev.stackyard.core.service.ServiceKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import dev.stackyard.testing.TestPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class RedisProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private Daemon startRedis(int port) throws Exception {
        String redisBinary = Daemons.binary(ServiceKind.named("redis")).toString();
        Daemon redis = Daemon.start("redis", dir, List.of(redisBinary, "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", dir.toString(), "--logfile", ""));
        redis.awaitOutput(Pattern.compile("Ready to accept connections"), Duration.ofSeconds(20));
        return redis;
    }

    @Test
    void realRedisAnswersPongAndIsReady() throws Exception {
        int port = TestPorts.free();
        try (Daemon _ = startRedis(port)) {
            assertEquals(ProbeResult.ready(), Probes.redis(port).check(TIMEOUT));
        }
    }

    @Test
    void portCheckNamesRealRedisAndItsPidAsTheHolderOfItsPort() throws Exception {
        int port = TestPorts.free();
        try (Daemon redis = startRedis(port)) {
            PortHolder holder = PortCheck.holder(port).orElseThrow();
            assertEquals(OptionalLong.of(redis.pid()), holder.pid());
            assertEquals("port " + port + " is already in use by PID " + redis.pid() + " (redis-server)", holder.message());
        }
    }

    @Test
    void redisThatHasBeenStoppedIsNotReady() throws Exception {
        int port = TestPorts.free();
        Daemon redis = startRedis(port);
        redis.stop();
        var result = assertInstanceOf(ProbeResult.NotReady.class, Probes.redis(port).check(TIMEOUT));
        assertTrue(result.reason().toLowerCase().contains("refused"), result.reason());
    }

    @Test
    void loadingReplyIsNotReadyAndTheReasonCarriesIt() throws Exception {
        try (FakeTcpServer server = new FakeTcpServer(FakeTcpServer.replyingAfterLine(
                "-LOADING Redis is loading the dataset in memory\r\n"))) {
            var result = assertInstanceOf(ProbeResult.NotReady.class, Probes.redis(server.port()).check(TIMEOUT));
            assertTrue(result.reason().contains("-LOADING Redis is loading the dataset in memory"), result.reason());
        }
    }

    @Test
    void peerThatClosesWithoutAnsweringIsNotReady() throws Exception {
        try (FakeTcpServer server = new FakeTcpServer(connection -> { })) {
            var result = assertInstanceOf(ProbeResult.NotReady.class, Probes.redis(server.port()).check(TIMEOUT));
            assertTrue(result.reason().contains("closed"), result.reason());
        }
    }
}
