package dev.stackyard.core.service.kind.mail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A plain SMTP client over a socket, line by line, as a test speaks it: each command's reply
 * (multi-line replies joined) is returned so the test asserts on the server's own words.
 */
final class SmtpDialogue implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    final String greeting;

    SmtpDialogue(int port) throws IOException {
        socket = new Socket(InetAddress.getByName("127.0.0.1"), port);
        socket.setSoTimeout(20_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
        greeting = reply();
    }

    /** Sends one line (CRLF added) and returns the reply. */
    String command(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    /** Sends raw text without waiting for a reply. */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("the server closed the connection; so far: " + all);
            }
            all.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return all.toString().strip();
    }

    /** EHLO, MAIL, RCPT, DATA, the message (dot-stuffed, CRLF lines), and the final reply. */
    String send(String from, String to, String message) throws IOException {
        expect("250", command("EHLO test.local"));
        expect("250", command("MAIL FROM:<" + from + ">"));
        expect("250", command("RCPT TO:<" + to + ">"));
        expect("354", command("DATA"));
        return data(message);
    }

    /** The message after a 354, then the end-of-data dot; returns the server's reply. */
    String data(String message) throws IOException {
        StringBuilder body = new StringBuilder();
        for (String line : message.replace("\r\n", "\n").split("\n", -1)) {
            body.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        write(body + ".\r\n");
        return reply();
    }

    static void expect(String code, String reply) {
        if (!reply.startsWith(code)) {
            throw new AssertionError("expected " + code + ", got: " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
