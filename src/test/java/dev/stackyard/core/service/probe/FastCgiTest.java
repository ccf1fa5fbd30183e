package dev.stackyard.core.service.probe;

import dev.stackyard.testing.Daemons;
import dev.stackyard.core.service.ServiceKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FastCgiTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void missingSocketFileIsNotReadyAndNamesTheSocket() {
        Path socket = dir.resolve("absent.sock");
        var result = assertInstanceOf(ProbeResult.NotReady.class,
                Probes.fastCgiPing(socket, "/stackyard-ping", "pong").check(TIMEOUT));
        assertTrue(result.reason().contains(socket.toString()), result.reason());
    }

    @Test
    void socketThatAcceptsButNeverAnswersTimesOutWithinItsTimeout() throws Exception {
        Path socket = dir.resolve("silent.sock");
        List<SocketChannel> accepted = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    accepted.add(server.accept());
                } catch (IOException e) {
                    // closed by the test
                }
            });
            Duration timeout = Duration.ofMillis(300);
            long start = System.nanoTime();
            var result = assertInstanceOf(ProbeResult.NotReady.class,
                    Probes.fastCgiPing(socket, "/stackyard-ping", "pong").check(timeout));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(result.reason().contains("no answer within 300 ms"), result.reason());
            assertTrue(took.compareTo(timeout.plusSeconds(2)) < 0, "overran its timeout: " + took);
            acceptor.join();
        } finally {
            for (SocketChannel channel : accepted) {
                channel.close();
            }
        }
    }

    /** Against a real php-fpm 8.2 pool on a unix socket in a temp folder. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RealPhpFpm {

        private String phpFpmBinary;

                private Path prefix;

        private Path socket;
        private Daemon phpFpm;

        @BeforeAll
        void start(@TempDir Path tempDir) throws Exception {
            prefix = tempDir;
            phpFpmBinary = Daemons.binary(ServiceKind.named("php-fpm")).toString();
            boolean root = Daemon.runningAsRoot();
            // Workers run as nobody under root and must read the scripts.
            Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxr-xr-x"));
            socket = prefix.resolve("php-fpm.sock");
            Files.writeString(prefix.resolve("php-fpm.conf"), """
                    [global]
                    pid = %s/php-fpm.pid
                    error_log = /proc/self/fd/2
                    log_level = notice
                    daemonize = no

                    [probe]
                    %s
                    listen = %s
                    listen.mode = 0600
                    pm = static
                    pm.max_children = 1
                    ping.path = /stackyard-ping
                    ping.response = pong
                    """.formatted(prefix, root ? "user = nobody\ngroup = nogroup" : "", socket));
            Files.writeString(prefix.resolve("hello.php"), """
                    <?php
                    header('X-Probe-Test: yes');
                    echo 'hello ', $_GET['name'] ?? 'nobody';
                    """);
            Files.writeString(prefix.resolve("teapot.php"), "<?php http_response_code(418); echo 'short and stout';\n");
            List<String> command = new ArrayList<>(List.of(phpFpmBinary, "-F", "-y", prefix.resolve("php-fpm.conf").toString(),
                    "-p", prefix.toString()));
            if (root) {
                command.add("-R");
            }
            phpFpm = Daemon.start("php-fpm", prefix, command);
            phpFpm.awaitOutput(Pattern.compile("ready to handle connections"), Duration.ofSeconds(20));
        }

        @AfterAll
        void stop() throws Exception {
            if (phpFpm != null) {
                phpFpm.stop();
            }
        }

        @Test
        void pingProbeIsReadyWhenPhpFpmAnswersPong() {
            assertEquals(ProbeResult.ready(), Probes.fastCgiPing(socket, "/stackyard-ping", "pong").check(TIMEOUT));
        }

        @Test
        void pingProbeExpectingAnotherResponseIsNotReadyAndSaysWhatCame() {
            var result = assertInstanceOf(ProbeResult.NotReady.class,
                    Probes.fastCgiPing(socket, "/stackyard-ping", "stackyard-pong").check(TIMEOUT));
            assertTrue(result.reason().contains("status 200 with \"pong\""), result.reason());
        }

        @Test
        void pingOfAPathThatIsNotThePingPathIsNotReady() {
            var result = assertInstanceOf(ProbeResult.NotReady.class,
                    Probes.fastCgiPing(socket, "/not-the-ping", "pong").check(TIMEOUT));
            assertTrue(result.reason().contains("status 404"), result.reason());
        }

        @Test
        void clientRunsAScriptAndReturnsItsHeadersAndBody() throws IOException {
            FastCgiClient.Response response = new FastCgiClient(socket)
                    .get(prefix.resolve("hello.php") + "?name=probe", TIMEOUT);
            assertEquals(200, response.status());
            assertTrue(response.headers().contains("X-Probe-Test: yes"), response.headers());
            assertEquals("hello probe", response.body());
            assertEquals(0, response.appStatus());
        }

        @Test
        void clientReportsTheStatusAScriptSets() throws IOException {
            FastCgiClient.Response response = new FastCgiClient(socket).get(prefix.resolve("teapot.php").toString(), TIMEOUT);
            assertEquals(418, response.status());
            assertEquals("short and stout", response.body());
        }

        @Test
        void clientAgainstAMissingSocketThrowsRatherThanAnswering() {
            assertThrows(IOException.class, () -> new FastCgiClient(prefix.resolve("nope.sock")).get("/x", TIMEOUT));
        }
    }
}
