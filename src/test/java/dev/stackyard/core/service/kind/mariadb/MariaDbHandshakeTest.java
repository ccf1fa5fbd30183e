package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.service.probe.ProbeResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MariaDbHandshakeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // protocol 10, "10.11.19-MariaDB", NUL, then the rest of a greeting
            "0a31302e31312e31392d4d61726961444200170000 | Hello[version=10.11.19-MariaDB]",
            "0a31312e342e352d4d61726961444200 | Hello[version=11.4.5-MariaDB]",
            // 0xFF, 1040, message
            "ff1004546f6f206d616e7920636f6e6e656374696f6e73 | Refused[code=1040, message=Too many connections]",
            // 0xFF, 1045, '#', SQLSTATE 28000, message
            "ff1504233238303030416363657373 | Refused[code=1045, message=Access]",
            "09352e352e3500 | Garbage[what=protocol version 9, expected 10]",
            "0a31302e3131 | Garbage[what=a handshake without a server version]",
            "0a00 | Garbage[what=a handshake without a server version]",
            "ff01 | Garbage[what=a truncated error packet]",
    })
    void parsesTheFirstPacket(String hex, String expected) {
        assertEquals(expected, MariaDbHandshake.parse(HexFormat.of().parseHex(hex)).toString());
    }

    @Test
    void aServerThatAcceptsButNeverGreetsIsNotReadyWithinTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ProbeResult r = MariaDbHandshake.probe(silent.getLocalPort()).check(Duration.ofMillis(300));
            assertInstanceOf(ProbeResult.NotReady.class, r);
        }
    }

    @Test
    void aGreetingOverTcpIsReady() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    byte[] payload = HexFormat.of().parseHex("0a31312e342e352d4d61726961444200");
                    out.write(new byte[] {(byte) payload.length, 0, 0, 0});
                    out.write(payload);
                    out.flush();
                    s.getInputStream().read(); // until the probe hangs up
                } catch (IOException e) {
                    // the probe hung up
                }
            });
            ProbeResult r = MariaDbHandshake.probe(server.getLocalPort()).check(Duration.ofSeconds(5));
            assertInstanceOf(ProbeResult.Ready.class, r);
            t.join(5000);
            assertTrue(!t.isAlive());
        }
    }
}
