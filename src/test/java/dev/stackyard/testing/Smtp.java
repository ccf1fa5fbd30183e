package dev.stackyard.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A plain SMTP client over a raw socket, as an app's mailer talks to a mail catcher: EHLO, MAIL
 * FROM, RCPT TO, DATA with dot-stuffing, QUIT; every reply checked. Plus the messages tests send.
 */
public final class Smtp {
    private Smtp() {
    }

    /** Sends {@code message} (headers and body, lines ending in CRLF or LF) from {@code from} to {@code to}. */
    public static void send(int port, String from, List<String> to, String message) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            expect(in, "220");
            command(out, in, "EHLO test.localhost", "250");
            command(out, in, "MAIL FROM:<" + from + ">", "250");
            for (String rcpt : to) {
                command(out, in, "RCPT TO:<" + rcpt + ">", "250");
            }
            command(out, in, "DATA", "354");
            StringBuilder data = new StringBuilder();
            for (String line : message.replace("\r\n", "\n").split("\n", -1)) {
                data.append(line.startsWith(".") ? "." + line : line).append("\r\n");
            }
            out.write(data.append(".\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            expect(in, "250");
            command(out, in, "QUIT", "221");
        }
    }

    /** A config entry of a mail service (the lines under {@code services:}). */
    public static String service(String id, int smtpPort, int httpPort) {
        return """
                  - id: %s
                    kind: mail
                    port: %d
                    httpPort: %d
                """.formatted(id, smtpPort, httpPort);
    }

    /** A one-part plain text message. */
    public static String plain(String from, String to, String subject, String text) {
        return "From: " + from + "\nTo: " + to + "\nSubject: " + subject + "\nMIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=UTF-8\n\n" + text + "\n";
    }

    /**
     * A multipart/mixed message with a text part and one attachment, its subject encoded as an RFC
     * 2047 word (UTF-8, base64), as mailers send a non-ASCII subject.
     */
    public static String withAttachment(String from, String to, String subject, String text, String fileName,
                                        String contentType, byte[] attachment) {
        String encoded = "=?UTF-8?B?" + Base64.getEncoder().encodeToString(subject.getBytes(StandardCharsets.UTF_8)) + "?=";
        String boundary = "b-stackyard-test";
        return "From: " + from + "\nTo: " + to + "\nSubject: " + encoded + "\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\n"
                + "--" + boundary + "\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n"
                + text + "\n"
                + "--" + boundary + "\nContent-Type: " + contentType + "; name=\"" + fileName + "\"\n"
                + "Content-Disposition: attachment; filename=\"" + fileName + "\"\nContent-Transfer-Encoding: base64\n\n"
                + Base64.getMimeEncoder().encodeToString(attachment) + "\n"
                + "--" + boundary + "--\n";
    }

    private static void command(OutputStream out, BufferedReader in, String line, String code) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        expect(in, code);
    }

    /** Reads one reply (its continuation lines too) and checks its code. */
    private static void expect(BufferedReader in, String code) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("the SMTP server closed the connection; expected " + code);
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(code)) {
            throw new IOException("SMTP answered '" + line + "'; expected " + code);
        }
    }
}
