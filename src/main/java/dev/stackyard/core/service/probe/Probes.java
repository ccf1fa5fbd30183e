package dev.stackyard.core.service.probe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Factories for the readiness probes Stackyard uses when starting services. Every probe follows the
 * {@link Probe} contract: one attempt, bounded by the timeout, not-ready instead of exceptions.
 * The returned probes are immutable and thread-safe unless their factory says otherwise.
 */
public final class Probes {

    private static final int MAX_LINE = 8 * 1024;

    private Probes() {
    }

    /** Ready when 127.0.0.1:{@code port} accepts a TCP connection, which is closed at once. */
    public static Probe tcp(int port) {
        checkPort(port);
        String target = "127.0.0.1:" + port;
        return timeout -> {
            try (DeadlineChannel _ = DeadlineChannel.connectTcp(port, timeout)) {
                return ProbeResult.ready();
            } catch (IOException e) {
                return notReady(target, e);
            }
        };
    }

    /**
     * Ready when {@code GET path} on 127.0.0.1:{@code port} answers status 200 exactly (a redirect
     * is not ready). Speaks HTTP/1.0 over a plain socket, reads only the status line, then hangs up.
     *
     * @param path absolute path with optional query, e.g. {@code /stackyard-ready}
     */
    public static Probe http(int port, String path) {
        checkPort(port);
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7F)) {
            throw new IllegalArgumentException("HTTP probe path must start with / and contain no spaces: " + path);
        }
        String target = "http://127.0.0.1:" + port + path;
        byte[] request = ("GET " + path + " HTTP/1.0\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "User-Agent: stackyard-probe\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        return timeout -> {
            try (DeadlineChannel channel = DeadlineChannel.connectTcp(port, timeout)) {
                channel.writeFully(ByteBuffer.wrap(request));
                String statusLine = channel.readLine(MAX_LINE);
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                    return ProbeResult.notReady(target + ": not an HTTP answer: " + abbreviate(statusLine));
                }
                return parts[1].equals("200")
                        ? ProbeResult.ready()
                        : ProbeResult.notReady(target + ": HTTP " + abbreviate(statusLine.substring(parts[0].length() + 1)));
            } catch (IOException e) {
                return notReady(target, e);
            }
        };
    }

    /**
     * Ready when the first line a server sends on 127.0.0.1:{@code port} starts with {@code prefix}
     * (an SMTP server's greeting, {@code 220}); then hangs up without a word.
     */
    public static Probe greeting(int port, String prefix) {
        checkPort(port);
        Objects.requireNonNull(prefix, "prefix");
        String target = "127.0.0.1:" + port;
        return timeout -> {
            try (DeadlineChannel channel = DeadlineChannel.connectTcp(port, timeout)) {
                String line = channel.readLine(MAX_LINE);
                return line.startsWith(prefix) ? ProbeResult.ready()
                        : ProbeResult.notReady(target + ": greeting " + abbreviate(line));
            } catch (IOException e) {
                return notReady(target, e);
            }
        };
    }

    /**
     * Ready when redis on 127.0.0.1:{@code port} answers {@code PING} with {@code +PONG}. Any error
     * reply ({@code -LOADING}, {@code -BUSY}, {@code -NOAUTH}, …) is not ready, with the reply as reason.
     */
    public static Probe redis(int port) {
        return redis(port, null);
    }

    /**
     * The same, authenticating first with {@code password} (null: none): {@code AUTH} must answer
     * {@code +OK}, else its error reply ({@code -WRONGPASS}) is the reason.
     */
    public static Probe redis(int port, String password) {
        checkPort(port);
        String target = "redis on 127.0.0.1:" + port;
        byte[] ping = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] auth = password == null ? null : resp("AUTH", password);
        return timeout -> {
            try (DeadlineChannel channel = DeadlineChannel.connectTcp(port, timeout)) {
                if (auth != null) {
                    channel.writeFully(ByteBuffer.wrap(auth));
                    String authReply = channel.readLine(MAX_LINE);
                    if (!authReply.equals("+OK")) {
                        return ProbeResult.notReady(target + ": AUTH answered " + abbreviate(authReply));
                    }
                }
                channel.writeFully(ByteBuffer.wrap(ping));
                String reply = channel.readLine(MAX_LINE);
                return reply.equals("+PONG")
                        ? ProbeResult.ready()
                        : ProbeResult.notReady(target + ": " + abbreviate(reply));
            } catch (IOException e) {
                return notReady(target, e);
            }
        };
    }

    /** A RESP array of bulk strings: binary-safe, so a password needs no escaping. */
    private static byte[] resp(String... words) {
        StringBuilder b = new StringBuilder("*").append(words.length).append("\r\n");
        for (String w : words) {
            b.append('$').append(w.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(w).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Ready when php-fpm on the unix socket answers a FastCGI GET of {@code pingPath} (its
     * {@code ping.path}) with status 200 and a body containing {@code expectedResponse} (its
     * {@code ping.response}, "pong" by default). A pool without {@code ping.path} answers 404 or
     * "Access denied" and so is never ready.
     */
    public static Probe fastCgiPing(Path socket, String pingPath, String expectedResponse) {
        FastCgiClient client = new FastCgiClient(socket);
        Objects.requireNonNull(pingPath, "pingPath");
        Objects.requireNonNull(expectedResponse, "expectedResponse");
        String target = "php-fpm on " + socket;
        return timeout -> {
            try {
                FastCgiClient.Response response = client.get(pingPath, timeout);
                if (response.status() == 200 && response.body().contains(expectedResponse)) {
                    return ProbeResult.ready();
                }
                return ProbeResult.notReady(target + ": " + pingPath + " answered status " + response.status()
                        + " with \"" + abbreviate(response.body().strip()) + "\", expected \"" + expectedResponse + "\"");
            } catch (IOException e) {
                return notReady(target, e);
            }
        };
    }

    /**
     * Ready when the postgres protocol on 127.0.0.1:{@code port} answers a v3 StartupMessage with an
     * authentication request, or with an error other than SQLSTATE 57P03 (the server is up and
     * answering, even if these credentials would fail). 57P03 (starting up, shutting down, in
     * recovery) is not ready, with the server's message. The connection is closed before
     * authenticating, so no session starts.
     */
    public static Probe postgresProtocol(int port, String user, String database) {
        return new PostgresProtocolProbe(port, user, database);
    }

    /**
     * The full postgres readiness check: {@code dataDir/postmaster.pid} must exist, name
     * {@code port} and have status {@code ready}; then {@link #postgresProtocol} must be ready.
     * The file is read on every call (it is tiny); the network probe gets whatever time is left.
     */
    public static Probe postgres(Path dataDir, int port, String user, String database) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        Probe protocol = postgresProtocol(port, user, database);
        return timeout -> {
            DeadlineChannel.requirePositive(timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            Optional<PostmasterPid> pid = PostmasterPid.read(pidFile);
            if (pid.isEmpty()) {
                return ProbeResult.notReady(pidFile + " is missing or not yet complete");
            }
            if (pid.get().port() != port) {
                return ProbeResult.notReady(pidFile + " names port " + pid.get().port() + ", expected " + port);
            }
            if (!pid.get().isReady()) {
                return ProbeResult.notReady("postgres status in " + pidFile + " is "
                        + pid.get().status().name().toLowerCase(Locale.ROOT));
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return ProbeResult.notReady("postgres on 127.0.0.1:" + port + ": no time left for the protocol check");
            }
            return protocol.check(Duration.ofNanos(left));
        };
    }

    /**
     * Ready once {@code logFile} has, after byte {@code startOffset}, a complete line (ending in
     * {@code \n}) in which {@code pattern} is found ({@link java.util.regex.Matcher#find}). Once
     * ready it stays ready.
     *
     * <p>The probe remembers how far it has read, so each call reads only newly appended bytes (at
     * most a few MiB per call; the rest on the next). An unterminated last line waits for its newline.
     * If the file shrinks below what was read (truncated or replaced), reading restarts at byte 0.
     * Lines are decoded as UTF-8. Stateful: concurrent calls are serialized.
     *
     * @param startOffset where to start, typically the file size just before the service was spawned
     *                    (0 for a new file)
     */
    public static Probe logLine(Path logFile, long startOffset, Pattern pattern) {
        return new LogLineProbe(logFile, startOffset, pattern);
    }

    static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Turns a failed attempt into a reason; keeps the interrupt flag for the caller. */
    static ProbeResult notReady(String target, IOException e) {
        String what;
        if (Thread.currentThread().isInterrupted()) {
            // InterruptedIOException from our selector wait, or ClosedByInterruptException.
            what = "interrupted";
        } else {
            what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return ProbeResult.notReady(target + ": " + what);
    }

    static String abbreviate(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 200 ? clean : clean.substring(0, 200) + "…";
    }
}
