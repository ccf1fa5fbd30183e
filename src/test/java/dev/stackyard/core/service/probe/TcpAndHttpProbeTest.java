package dev.stackyard.core.service.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpAndHttpProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void tcpProbeIsReadyWhenThePortAccepts() throws Exception {
        try (FakeTcpServer server = new FakeTcpServer(FakeTcpServer.SILENT)) {
            assertEquals(ProbeResult.ready(), Probes.tcp(server.port()).check(TIMEOUT));
        }
    }

    @Test
    void tcpProbeOfAClosedPortIsNotReadyBecauseRefusedNotTimedOut() throws Exception {
        int port = FakeTcpServer.closedPort();
        ProbeResult result = Probes.tcp(port).check(Duration.ofSeconds(20));
        var notReady = assertInstanceOf(ProbeResult.NotReady.class, result);
        assertTrue(notReady.reason().toLowerCase().contains("refused"), notReady.reason());
    }

    @Test
    void probeRejectsANonPositiveTimeoutAsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> Probes.tcp(80).check(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Probes.redis(80).check(Duration.ofMillis(-1)));
    }

    @Test
    void httpProbeIsReadyOn200AndSendsAnHttp10GetForThePath() throws Exception {
        AtomicReference<String> requestLine = new AtomicReference<>();
        try (FakeTcpServer server = new FakeTcpServer(connection -> {
            requestLine.set(FakeTcpServer.readLine(connection.getInputStream()));
            connection.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        })) {
            assertEquals(ProbeResult.ready(), Probes.http(server.port(), "/stackyard-ready").check(TIMEOUT));
            assertEquals("GET /stackyard-ready HTTP/1.0", requestLine.get());
        }
    }

    @Test
    void httpProbeIsNotReadyOn503AndNamesTheStatus() throws Exception {
        try (FakeTcpServer server = new FakeTcpServer(FakeTcpServer.replyingAfterLine("HTTP/1.1 503 Service Unavailable\r\n\r\n"))) {
            var result = assertInstanceOf(ProbeResult.NotReady.class, Probes.http(server.port(), "/").check(TIMEOUT));
            assertTrue(result.reason().contains("HTTP 503 Service Unavailable"), result.reason());
        }
    }

    @Test
    void httpProbeIsNotReadyWhenThePeerIsNotSpeakingHttp() throws Exception {
        try (FakeTcpServer server = new FakeTcpServer(FakeTcpServer.replyingAfterLine("+PONG\r\n"))) {
            var result = assertInstanceOf(ProbeResult.NotReady.class, Probes.http(server.port(), "/").check(TIMEOUT));
            assertTrue(result.reason().contains("not an HTTP answer"), result.reason());
        }
    }

    @Test
    void httpProbeOfAServerThatAcceptsButNeverAnswersTimesOutWithinItsTimeout() throws Exception {
        Duration timeout = Duration.ofMillis(300);
        try (FakeTcpServer server = new FakeTcpServer(FakeTcpServer.SILENT)) {
            long start = System.nanoTime();
            ProbeResult result = Probes.http(server.port(), "/").check(timeout);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            var notReady = assertInstanceOf(ProbeResult.NotReady.class, result);
            assertTrue(notReady.reason().contains("no answer within 300 ms"), notReady.reason());
            assertFalse(took.compareTo(timeout) < 0, "gave up before its timeout: " + took);
            // Generous slack: this asserts "bounded by the timeout", not a speed target.
            assertTrue(took.compareTo(timeout.plusSeconds(2)) < 0, "overran its timeout: " + took);
        }
    }

    @Test
    void interruptedCallerGetsNotReadyPromptlyAndKeepsItsInterruptFlag() throws Exception {
        try (FakeTcpServer server = new FakeTcpServer(FakeTcpServer.SILENT)) {
            Thread.currentThread().interrupt();
            try {
                var result = assertInstanceOf(ProbeResult.NotReady.class,
                        Probes.redis(server.port()).check(Duration.ofSeconds(20)));
                assertTrue(result.reason().contains("interrupted"), result.reason());
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void httpProbeRejectsAPathThatIsNotAbsolute() {
        assertThrows(IllegalArgumentException.class, () -> Probes.http(80, "ready"));
        assertThrows(IllegalArgumentException.class, () -> Probes.http(80, "/a b"));
    }
}
