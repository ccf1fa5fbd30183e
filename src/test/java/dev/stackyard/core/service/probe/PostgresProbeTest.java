package dev.stackyard.core.service.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class PostgresProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;

    /** An ErrorResponse as postgres sends it: S, V, C, M fields, then a terminating zero. */
    static byte[] error(String sqlState, String message) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String field : new String[] {"SFATAL", "VFATAL", "C" + sqlState, "M" + message}) {
            body.writeBytes(field.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        return ByteBuffer.allocate(5 + body.size()).put((byte) 'E').putInt(4 + body.size()).put(body.toByteArray()).array();
    }

    /** AuthenticationSASL offering SCRAM-SHA-256, as a scram-configured postgres answers. */
    static byte[] saslRequest() {
        byte[] mechanisms = "SCRAM-SHA-256\0\0".getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(9 + mechanisms.length).put((byte) 'R').putInt(8 + mechanisms.length).putInt(10)
                .put(mechanisms).array();
    }

    /** A fake postmaster: reads one StartupMessage, hands it to {@code seen}, answers {@code answer}. */
    static FakeTcpServer fakePostgres(byte[] answer, AtomicReference<byte[]> seen) throws IOException {
        return new FakeTcpServer(connection -> {
            DataInputStream in = new DataInputStream(connection.getInputStream());
            int length = in.readInt();
            byte[] rest = in.readNBytes(length - 4);
            seen.set(ByteBuffer.allocate(length).putInt(length).put(rest).array());
            connection.getOutputStream().write(answer);
            connection.getOutputStream().flush();
        });
    }

    static FakeTcpServer fakePostgres(byte[] answer) throws IOException {
        return fakePostgres(answer, new AtomicReference<>());
    }

    @Test
    void startingUpError57P03IsNotReadyWithTheServersMessage() throws Exception {
        try (FakeTcpServer server = fakePostgres(error("57P03", "the database system is starting up"))) {
            var result = assertInstanceOf(ProbeResult.NotReady.class,
                    Probes.postgresProtocol(server.port(), "app", "app").check(TIMEOUT));
            assertTrue(result.reason().contains("the database system is starting up (57P03)"), result.reason());
        }
    }

    @Test
    void authenticationRequestIsReady() throws Exception {
        try (FakeTcpServer server = fakePostgres(saslRequest())) {
            assertEquals(ProbeResult.ready(), Probes.postgresProtocol(server.port(), "app", "app").check(TIMEOUT));
        }
    }

    @Test
    void passwordFailure28P01IsReadyBecauseTheServerIsAnswering() throws Exception {
        try (FakeTcpServer server = fakePostgres(error("28P01", "password authentication failed for user \"app\""))) {
            assertEquals(ProbeResult.ready(), Probes.postgresProtocol(server.port(), "app", "app").check(TIMEOUT));
        }
    }

    @Test
    void startupMessageIsProtocol3WithUserAndDatabase() throws Exception {
        AtomicReference<byte[]> seen = new AtomicReference<>();
        try (FakeTcpServer server = fakePostgres(saslRequest(), seen)) {
            Probes.postgresProtocol(server.port(), "alice", "shop").check(TIMEOUT);
        }
        ByteBuffer message = ByteBuffer.wrap(seen.get());
        assertEquals(seen.get().length, message.getInt());
        assertEquals(196608, message.getInt());
        List<String> params = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        while (message.hasRemaining()) {
            byte b = message.get();
            if (b == 0) {
                params.add(current.toString());
                current.setLength(0);
            } else {
                current.append((char) b);
            }
        }
        assertEquals(List.of("user", "alice", "database", "shop", "application_name", "stackyard-probe", ""), params);
    }

    @Test
    void peerAnsweringSomethingElseIsNotReady() throws Exception {
        try (FakeTcpServer server = fakePostgres("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII))) {
            var result = assertInstanceOf(ProbeResult.NotReady.class,
                    Probes.postgresProtocol(server.port(), "app", "app").check(TIMEOUT));
            assertTrue(result.reason().contains("not a postgres answer"), result.reason());
        }
    }

    private void writePidFile(int port, String status) throws IOException {
        Files.writeString(dataDir.resolve("postmaster.pid"), String.join("\n",
                "4242", dataDir.toString(), "1700000000", String.valueOf(port), "/tmp", "127.0.0.1",
                "  5432001         0", String.format("%-8s", status)) + "\n");
    }

    @Test
    void combinedProbeIsNotReadyWithoutPostmasterPid() throws Exception {
        try (FakeTcpServer server = fakePostgres(saslRequest())) {
            var result = assertInstanceOf(ProbeResult.NotReady.class,
                    Probes.postgres(dataDir, server.port(), "app", "app").check(TIMEOUT));
            assertTrue(result.reason().contains("postmaster.pid is missing"), result.reason());
        }
    }

    @Test
    void combinedProbeIsNotReadyWhileStatusIsStartingEvenIfTheProtocolAnswers() throws Exception {
        try (FakeTcpServer server = fakePostgres(saslRequest())) {
            writePidFile(server.port(), "starting");
            var result = assertInstanceOf(ProbeResult.NotReady.class,
                    Probes.postgres(dataDir, server.port(), "app", "app").check(TIMEOUT));
            assertTrue(result.reason().endsWith("is starting"), result.reason());
        }
    }

    @Test
    void combinedProbeIsNotReadyWhenStatusIsReadyButTheServerSays57P03() throws Exception {
        try (FakeTcpServer server = fakePostgres(error("57P03", "the database system is shutting down"))) {
            writePidFile(server.port(), "ready");
            var result = assertInstanceOf(ProbeResult.NotReady.class,
                    Probes.postgres(dataDir, server.port(), "app", "app").check(TIMEOUT));
            assertTrue(result.reason().contains("shutting down"), result.reason());
        }
    }

    @Test
    void combinedProbeIsNotReadyWhenPostmasterPidNamesAnotherPort() throws Exception {
        try (FakeTcpServer server = fakePostgres(saslRequest())) {
            writePidFile(server.port() == 5432 ? 5433 : 5432, "ready");
            var result = assertInstanceOf(ProbeResult.NotReady.class,
                    Probes.postgres(dataDir, server.port(), "app", "app").check(TIMEOUT));
            assertTrue(result.reason().contains("names port"), result.reason());
        }
    }

    @Test
    void combinedProbeIsReadyWhenStatusIsReadyAndTheServerAsksForAuthentication() throws Exception {
        try (FakeTcpServer server = fakePostgres(saslRequest())) {
            writePidFile(server.port(), "ready");
            assertEquals(ProbeResult.ready(), Probes.postgres(dataDir, server.port(), "app", "app").check(TIMEOUT));
        }
    }

    @Test
    void serverThatAcceptsButNeverAnswersIsNotReadyAfterTheTimeout() throws Exception {
        try (FakeTcpServer server = new FakeTcpServer(FakeTcpServer.SILENT)) {
            var result = assertInstanceOf(ProbeResult.NotReady.class,
                    Probes.postgresProtocol(server.port(), "app", "app").check(Duration.ofMillis(200)));
            assertTrue(result.reason().contains("no answer within 200 ms"), result.reason());
        }
    }

    @Test
    void closedPortIsNotReady() throws Exception {
        var result = assertInstanceOf(ProbeResult.NotReady.class,
                Probes.postgresProtocol(FakeTcpServer.closedPort(), "app", "app").check(TIMEOUT));
        assertTrue(result.reason().toLowerCase().contains("refused"), result.reason());
    }
}
