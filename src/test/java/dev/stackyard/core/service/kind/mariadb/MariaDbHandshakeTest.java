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
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MariaDbHandshakeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // protocol 10, "10.11.19-MariaDB", NUL, then the rest of a greeting
            "0a31302e31312e31392d4d61726961444200170000 | Hello[version=10.11.19-MariaDB, scramble=0 bytes, plugin=]",
            "0a31312e342e352d4d61726961444200 | Hello[version=11.4.5-MariaDB, scramble=0 bytes, plugin=]",
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
    void aFullGreetingGivesItsScrambleAndPlugin() {
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        p.write(10);
        p.writeBytes("11.4.5-MariaDB".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        p.write(0);
        p.writeBytes(new byte[] {7, 0, 0, 0});                 // connection id
        p.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});     // scramble part 1
        p.write(0);                                            // filler
        p.writeBytes(new byte[] {(byte) 0xfe, (byte) 0xf7, 45, 2, 0, (byte) 0xff, (byte) 0x81, 21});
        p.writeBytes(new byte[10]);                            // reserved
        p.writeBytes(new byte[] {9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0});
        p.writeBytes("mysql_native_password".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        p.write(0);

        MariaDbHandshake.Greeting.Hello h = (MariaDbHandshake.Greeting.Hello) MariaDbHandshake.parse(p.toByteArray());

        assertEquals("11.4.5-MariaDB", h.version());
        assertEquals("0102030405060708090a0b0c0d0e0f1011121314", HexFormat.of().formatHex(h.scramble()));
        assertEquals("mysql_native_password", h.plugin());
        assertEquals(20, MariaDbHandshake.nativeToken("secret", h.scramble()).length);
    }

    @Test
    void aServerThatAcceptsButNeverGreetsIsNotReadyWithinTheTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ProbeResult r = MariaDbHandshake.probe(silent.getLocalPort(), Optional::empty).check(Duration.ofMillis(300));
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
            ProbeResult r = MariaDbHandshake.probe(server.getLocalPort(), Optional::empty).check(Duration.ofSeconds(5));
            assertInstanceOf(ProbeResult.Ready.class, r);
            t.join(5000);
            assertTrue(!t.isAlive());
        }
    }
}
