package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.service.probe.Probe;
import dev.stackyard.core.service.probe.ProbeResult;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * MariaDB's readiness: the server speaks first, so a ready server sends its handshake packet
 * (protocol 10, then its version) to every new TCP connection; one that refuses sends an error
 * packet (0xFF). The probe reads that one packet and hangs up, before any authentication.
 * mariadbd opens its port only once it is ready for connections, so a greeting means ready.
 */
final class MariaDbHandshake {
    /** Anything longer is not a MariaDB greeting. */
    static final int MAX_PACKET = 16 * 1024;

    private MariaDbHandshake() {
    }

    /** What the first packet said. */
    sealed interface Greeting {
        /** A protocol 10 handshake from server {@code version} ("10.11.19-MariaDB-0+deb12u1"). */
        record Hello(String version) implements Greeting {
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
        return new Greeting.Hello(new String(payload, 1, end - 1, StandardCharsets.US_ASCII));
    }

    /** Connects to 127.0.0.1:{@code port} and reads the greeting, all within {@code timeout}. */
    static Greeting read(int port, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(Inet4Address.getByAddress(new byte[] {127, 0, 0, 1}), port),
                    remainingMillis(deadline));
            InputStream in = socket.getInputStream();
            byte[] header = readFully(socket, in, 4, deadline);
            int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
            if (length > MAX_PACKET) {
                return new Greeting.Garbage("a first packet of " + length + " bytes");
            }
            return parse(readFully(socket, in, length, deadline));
        }
    }

    /** {@link #read} as a readiness probe. */
    static Probe probe(int port) {
        String target = "mariadb on 127.0.0.1:" + port;
        return timeout -> {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("probe timeout must be positive, was " + timeout);
            }
            try {
                return switch (read(port, timeout)) {
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
