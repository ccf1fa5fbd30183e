package dev.stackyard.core.service.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A minimal FastCGI responder client over a unix socket, enough to ping php-fpm and to run a script
 * in tests: one request per connection, no request body, no multiplexing.
 *
 * <p>Immutable and thread-safe; every call opens and closes its own connection.
 */
public final class FastCgiClient {

    private static final int VERSION = 1;
    private static final int BEGIN_REQUEST = 1;
    private static final int END_REQUEST = 3;
    private static final int PARAMS = 4;
    private static final int STDIN = 5;
    private static final int STDOUT = 6;
    private static final int STDERR = 7;
    private static final int RESPONDER = 1;
    private static final int REQUEST_ID = 1;
    private static final int MAX_CONTENT = 0xFFFF;
    /** Caps what one response may make us buffer; a ping or test page is far smaller. */
    private static final int MAX_RESPONSE = 4 * 1024 * 1024;

    private final Path socket;

    /** @param socket the php-fpm {@code listen} socket file */
    public FastCgiClient(Path socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    public Path socket() {
        return socket;
    }

    /**
     * GETs {@code scriptPath}, which php-fpm receives as SCRIPT_NAME, SCRIPT_FILENAME and REQUEST_URI
     * (so pass an absolute file path to run a script, or the {@code ping.path} to ping). A query
     * string after {@code ?} goes to QUERY_STRING and is left out of the script names.
     *
     * @throws java.net.SocketTimeoutException when the whole exchange does not finish within {@code timeout}
     * @throws IOException when the socket is missing or refuses, the peer closes early, or it answers
     *                     with a FastCGI protocol status other than "request complete" (e.g. overloaded)
     */
    public Response get(String scriptPath, Duration timeout) throws IOException {
        Objects.requireNonNull(scriptPath, "scriptPath");
        int q = scriptPath.indexOf('?');
        String script = q < 0 ? scriptPath : scriptPath.substring(0, q);
        String query = q < 0 ? "" : scriptPath.substring(q + 1);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("GATEWAY_INTERFACE", "CGI/1.1");
        params.put("SERVER_PROTOCOL", "HTTP/1.1");
        params.put("REQUEST_METHOD", "GET");
        params.put("SCRIPT_NAME", script);
        params.put("SCRIPT_FILENAME", script);
        params.put("REQUEST_URI", scriptPath);
        params.put("DOCUMENT_URI", script);
        params.put("QUERY_STRING", query);
        params.put("REMOTE_ADDR", "127.0.0.1");
        params.put("SERVER_NAME", "localhost");
        return request(params, timeout);
    }

    /**
     * Sends one responder request with exactly these CGI params and an empty body, and collects the
     * answer until END_REQUEST. Same failures as {@link #get}.
     */
    public Response request(Map<String, String> params, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] begin = {0, RESPONDER, 0 /* flags: let php-fpm close after the answer */, 0, 0, 0, 0, 0};
        record(out, BEGIN_REQUEST, begin);
        byte[] encoded = encodeParams(params);
        for (int off = 0; off < encoded.length; off += MAX_CONTENT) {
            record(out, PARAMS, Arrays.copyOfRange(encoded, off, Math.min(encoded.length, off + MAX_CONTENT)));
        }
        record(out, PARAMS, new byte[0]);
        record(out, STDIN, new byte[0]);

        try (DeadlineChannel channel = DeadlineChannel.connectUnix(UnixDomainSocketAddress.of(socket), timeout)) {
            channel.writeFully(ByteBuffer.wrap(out.toByteArray()));
            return readResponse(channel);
        }
    }

    private static Response readResponse(DeadlineChannel channel) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(8);
        while (true) {
            header.clear();
            channel.readFully(header);
            int version = header.get(0) & 0xFF;
            int type = header.get(1) & 0xFF;
            int requestId = header.getShort(2) & 0xFFFF;
            int contentLength = header.getShort(4) & 0xFFFF;
            int padding = header.get(6) & 0xFF;
            if (version != VERSION) {
                throw new IOException("not a FastCGI answer (record version " + version + ")");
            }
            ByteBuffer content = ByteBuffer.allocate(contentLength + padding);
            channel.readFully(content);
            if (requestId != REQUEST_ID) {
                continue; // management records or someone else's id: not ours
            }
            switch (type) {
                case STDOUT -> append(stdout, content, contentLength, stderr.size());
                case STDERR -> append(stderr, content, contentLength, stdout.size());
                case END_REQUEST -> {
                    int appStatus = content.getInt(0);
                    int protocolStatus = content.get(4) & 0xFF;
                    if (protocolStatus != 0) {
                        throw new IOException("php-fpm refused the request: " + protocolStatusName(protocolStatus));
                    }
                    return new Response(stdout.toString(StandardCharsets.UTF_8),
                            stderr.toString(StandardCharsets.UTF_8), appStatus);
                }
                default -> {
                    // Unknown record types are ignored, as the spec asks of applications.
                }
            }
        }
    }

    private static void append(ByteArrayOutputStream sink, ByteBuffer content, int length, int otherSize)
            throws IOException {
        if (sink.size() + otherSize + length > MAX_RESPONSE) {
            throw new IOException("FastCGI answer larger than " + MAX_RESPONSE + " bytes");
        }
        sink.write(content.array(), 0, length);
    }

    private static String protocolStatusName(int status) {
        return switch (status) {
            case 1 -> "cannot multiplex connections";
            case 2 -> "overloaded";
            case 3 -> "unknown role";
            default -> "protocol status " + status;
        };
    }

    private static void record(ByteArrayOutputStream out, int type, byte[] content) {
        out.write(VERSION);
        out.write(type);
        out.write(REQUEST_ID >> 8);
        out.write(REQUEST_ID & 0xFF);
        out.write(content.length >> 8);
        out.write(content.length & 0xFF);
        out.write(0); // padding: optional, and we send none
        out.write(0);
        out.writeBytes(content);
    }

    static byte[] encodeParams(Map<String, String> params) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        params.forEach((name, value) -> {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            writeLength(out, n.length);
            writeLength(out, v.length);
            out.writeBytes(n);
            out.writeBytes(v);
        });
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
        } else {
            out.write(0x80 | (length >>> 24));
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
        }
    }

    /**
     * What php-fpm answered.
     *
     * @param stdout    the CGI response: header lines, an empty line, then the body
     * @param stderr    what the script or php-fpm wrote to FastCGI stderr (often empty)
     * @param appStatus the application's exit status from END_REQUEST
     */
    public record Response(String stdout, String stderr, int appStatus) {

        public Response {
            Objects.requireNonNull(stdout, "stdout");
            Objects.requireNonNull(stderr, "stderr");
        }

        /** The header block before the first empty line, without it; all of stdout if there is none. */
        public String headers() {
            int end = headerEnd();
            return end < 0 ? stdout : stdout.substring(0, end);
        }

        /** Everything after the first empty line; empty if there is none. */
        public String body() {
            int end = headerEnd();
            if (end < 0) {
                return "";
            }
            return stdout.startsWith("\r\n\r\n", end) ? stdout.substring(end + 4) : stdout.substring(end + 2);
        }

        /** The HTTP status from a {@code Status:} header; 200 when php-fpm sent none, as CGI implies. */
        public int status() {
            for (String line : headers().split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Status")) {
                    String value = line.substring(colon + 1).trim();
                    int space = value.indexOf(' ');
                    try {
                        return Integer.parseInt(space < 0 ? value : value.substring(0, space));
                    } catch (NumberFormatException e) {
                        return 500; // a Status header we cannot read is a broken answer
                    }
                }
            }
            return 200;
        }

        private int headerEnd() {
            int crlf = stdout.indexOf("\r\n\r\n");
            int lf = stdout.indexOf("\n\n");
            if (crlf < 0) {
                return lf;
            }
            return lf < 0 ? crlf : Math.min(crlf, lf);
        }
    }
}
