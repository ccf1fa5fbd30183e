package dev.stackyard.core.service.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** See {@link Probes#postgresProtocol}. Immutable and thread-safe. */
final class PostgresProtocolProbe implements Probe {

    static final int PROTOCOL_V3 = 196608; // 3 << 16
    static final String CANNOT_CONNECT_NOW = "57P03";
    /** Error messages are short; anything longer is not a postgres server talking. */
    private static final int MAX_MESSAGE = 64 * 1024;

    private final int port;
    private final byte[] startup;
    private final String target;

    PostgresProtocolProbe(int port, String user, String database) {
        Probes.checkPort(port);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(database, "database");
        this.port = port;
        this.startup = startupMessage(user, database);
        this.target = "postgres on 127.0.0.1:" + port;
    }

    static byte[] startupMessage(String user, String database) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String s : new String[] {"user", user, "database", database, "application_name", "stackyard-probe"}) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        ByteBuffer message = ByteBuffer.allocate(8 + body.size());
        message.putInt(8 + body.size()).putInt(PROTOCOL_V3).put(body.toByteArray());
        return message.array();
    }

    @Override
    public ProbeResult check(Duration timeout) {
        try (DeadlineChannel channel = DeadlineChannel.connectTcp(port, timeout)) {
            channel.writeFully(ByteBuffer.wrap(startup));
            ByteBuffer header = ByteBuffer.allocate(5);
            channel.readFully(header);
            byte type = header.get(0);
            int length = header.getInt(1);
            if (type == 'R') {
                return ProbeResult.ready(); // an authentication request of any kind: the server is accepting
            }
            if (type != 'E' || length < 4 || length > MAX_MESSAGE) {
                return ProbeResult.notReady(target + ": not a postgres answer (first byte 0x"
                        + Integer.toHexString(type & 0xFF) + ")");
            }
            ByteBuffer body = ByteBuffer.allocate(length - 4);
            channel.readFully(body);
            ErrorFields error = ErrorFields.parse(body.array());
            if (CANNOT_CONNECT_NOW.equals(error.code())) {
                return ProbeResult.notReady(target + ": " + error.message() + " (" + error.code() + ")");
            }
            return ProbeResult.ready(); // e.g. 28P01, 28000, 3D000: the server is up and judging us
        } catch (IOException e) {
            return Probes.notReady(target, e);
        }
    }

    @Override
    public String toString() {
        return target;
    }

    /** The fields of an ErrorResponse body that a probe reports: SQLSTATE ('C') and message ('M'). */
    record ErrorFields(String code, String message) {

        static ErrorFields parse(byte[] body) {
            String code = "";
            String message = "";
            int i = 0;
            while (i < body.length && body[i] != 0) {
                byte field = body[i++];
                int end = i;
                while (end < body.length && body[end] != 0) {
                    end++;
                }
                String value = new String(body, i, end - i, StandardCharsets.UTF_8);
                if (field == 'C') {
                    code = value;
                } else if (field == 'M') {
                    message = value;
                }
                i = end + 1;
            }
            return new ErrorFields(code, message);
        }
    }
}
