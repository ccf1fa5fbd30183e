package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.service.probe.Probe;
import dev.stackyard.core.service.probe.ProbeResult;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * MariaDB's readiness: the server speaks first, so a ready server sends its handshake packet
 * (protocol 10, then its version) to every new TCP connection; one that refuses sends an error
 * packet (0xFF). mariadbd opens its port only once it is ready for connections, so a greeting
 * means ready.
 *
 * <p>A connection closed before authenticating costs a warning line in the server's log ("Aborted
 * connection ... closed normally without authentication"), which a health check every few seconds
 * would fill: so when root's password is known the probe logs in (mysql_native_password) and says
 * COM_QUIT, which the server logs nowhere. Without a password it hangs up after the greeting.
 */
final class MariaDbHandshake {
    /** Anything longer is not a MariaDB greeting. */
    static final int MAX_PACKET = 16 * 1024;

    private MariaDbHandshake() {
    }

    /** What the first packet said. */
    sealed interface Greeting {
        /**
         * A protocol 10 handshake from server {@code version} ("10.11.19-MariaDB-0+deb12u1"), with
         * its 20-byte {@code scramble} (empty when the packet is too short to hold one) and auth plugin.
         */
        record Hello(String version, byte[] scramble, String plugin) implements Greeting {
            @Override
            public String toString() {
                return "Hello[version=" + version + ", scramble=" + scramble.length + " bytes, plugin=" + plugin + "]";
            }
        }

        /** An error packet: the server is up but refuses (too many connections, host blocked). */
        record Refused(int code, String message) implements Greeting {
        }

        /** Not the MariaDB protocol. */
        record Garbage(String what) implements Greeting {
        }
    }

    /** Reads one packet's payload (after its 4-byte header); pure. */
    static Greeting parse(byte[] payload) {
        if (payload.length == 0) {
            return new Greeting.Garbage("an empty packet");
        }
        int first = payload[0] & 0xFF;
        if (first == 0xFF) {
            if (payload.length < 3) {
                return new Greeting.Garbage("a truncated error packet");
            }
            int code = (payload[1] & 0xFF) | (payload[2] & 0xFF) << 8;
            int from = 3;
            if (payload.length > 3 && payload[3] == '#') {
                from = Math.min(payload.length, 9); // '#' and a five-letter SQLSTATE
            }
            return new Greeting.Refused(code, new String(payload, from, payload.length - from, StandardCharsets.UTF_8));
        }
        if (first != 10) {
            return new Greeting.Garbage("protocol version " + first + ", expected 10");
        }
        int end = 1;
        while (end < payload.length && payload[end] != 0) {
            end++;
        }
        if (end == payload.length || end == 1) {
            return new Greeting.Garbage("a handshake without a server version");
        }
        String version = new String(payload, 1, end - 1, StandardCharsets.US_ASCII);
        // After the version: connection id (4), scramble part 1 (8), filler (1), capabilities (2),
        // charset (1), status (2), capabilities (2), auth data length (1), reserved (10), scramble
        // part 2 (12, then a NUL), plugin name (NUL-terminated).
        int part1 = end + 1 + 4;
        int part2 = part1 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10;
        if (payload.length < part2 + 12) {
            return new Greeting.Hello(version, new byte[0], "");
        }
        byte[] scramble = new byte[20];
        System.arraycopy(payload, part1, scramble, 0, 8);
        System.arraycopy(payload, part2, scramble, 8, 12);
        int pluginAt = part2 + 13;
        int pluginEnd = pluginAt;
        while (pluginEnd < payload.length && payload[pluginEnd] != 0) {
            pluginEnd++;
        }
        String plugin = pluginAt < payload.length
                ? new String(payload, pluginAt, pluginEnd - pluginAt, StandardCharsets.US_ASCII) : "";
        return new Greeting.Hello(version, scramble, plugin);
    }

    static final String NATIVE = "mysql_native_password";

    /** mysql_native_password's answer: SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))). */
    static byte[] nativeToken(String password, byte[] scramble) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] stage1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            byte[] stage2 = sha1.digest(stage1);
            sha1.update(scramble);
            byte[] mix = sha1.digest(stage2);
            for (int i = 0; i < mix.length; i++) {
                mix[i] ^= stage1[i];
            }
            return mix;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    /** HandshakeResponse41 for {@code user} with a mysql_native_password token (packet payload). */
    static byte[] loginPayload(String user, byte[] token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int caps = 0x1 | 0x200 | 0x8000 | 0x80000; // LONG_PASSWORD, PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH
        writeInt4(out, caps);
        writeInt4(out, 1 << 24);
        out.write(33); // utf8_general_ci
        out.writeBytes(new byte[23]);
        out.writeBytes(user.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.write(token.length);
        out.writeBytes(token);
        out.writeBytes(NATIVE.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        return out.toByteArray();
    }

    private static void writeInt4(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    /**
     * Connects to 127.0.0.1:{@code port} and reads the greeting, all within {@code timeout}; then,
     * when {@code password} is given and the server offers mysql_native_password, logs in as root
     * and quits (whatever the server answers: the greeting already said it is ready).
     */
    static Greeting read(int port, Optional<String> password, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Inet4Address.getByAddress(new byte[] {127, 0, 0, 1}), port),
                    remainingMillis(deadline));
            InputStream in = socket.getInputStream();
            byte[] payload = readPacket(socket, in, deadline);
            if (payload == null) {
                return new Greeting.Garbage("a first packet over " + MAX_PACKET + " bytes");
            }
            Greeting greeting = parse(payload);
            if (greeting instanceof Greeting.Hello h && password.isPresent() && h.scramble().length == 20
                    && h.plugin().equals(NATIVE)) {
                OutputStream out = socket.getOutputStream();
                writePacket(out, 1, loginPayload(MariaDbManager.USER, nativeToken(password.get(), h.scramble())));
                byte[] answer = readPacket(socket, in, deadline);
                if (answer != null && answer.length > 0 && answer[0] == 0) {
                    writePacket(out, 0, new byte[] {1}); // COM_QUIT
                }
            }
            return greeting;
        }
    }

    private static byte[] readPacket(Socket socket, InputStream in, long deadline) throws IOException {
        byte[] header = readFully(socket, in, 4, deadline);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        return length > MAX_PACKET ? null : readFully(socket, in, length, deadline);
    }

    private static void writePacket(OutputStream out, int sequence, byte[] payload) throws IOException {
        out.write(new byte[] {(byte) payload.length, (byte) (payload.length >>> 8), (byte) (payload.length >>> 16),
                (byte) sequence});
        out.write(payload);
        out.flush();
    }

    /** {@link #read} as a readiness probe; {@code password} is asked at each attempt. */
    static Probe probe(int port, Supplier<Optional<String>> password) {
        String target = "mariadb on 127.0.0.1:" + port;
        return timeout -> {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("probe timeout must be positive, was " + timeout);
            }
            try {
                return switch (read(port, password.get(), timeout)) {
                    case Greeting.Hello h -> ProbeResult.ready();
                    case Greeting.Refused r -> ProbeResult.notReady(target + " refused the connection: error "
                            + r.code() + " " + r.message());
                    case Greeting.Garbage g -> ProbeResult.notReady(target + " answered " + g.what());
                };
            } catch (InterruptedIOException e) {
                return ProbeResult.notReady(target + ": no greeting within " + timeout.toMillis() + " ms");
            } catch (IOException e) {
                return ProbeResult.notReady(target + ": " + e.getMessage());
            }
        };
    }

    private static byte[] readFully(Socket socket, InputStream in, int n, long deadline) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            socket.setSoTimeout(remainingMillis(deadline));
            int r = in.read(out, done, n - done);
            if (r < 0) {
                throw new EOFException("connection closed before the greeting was complete");
            }
            done += r;
        }
        return out;
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
