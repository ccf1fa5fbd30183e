package dev.stackyard.core.site;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Asks an nginx service which {@code sites.conf} generation its workers serve (see {@link SiteRenderer}). */
final class GenerationProbe {
    static final String HOST = "stackyard-generation.invalid";
    static final String PATH = "/stackyard-generation";

    private GenerationProbe() {
    }

    /** The generation token answered on 127.0.0.1:{@code port}, or empty when nothing answers it. */
    static Optional<String> current(int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + PATH + " HTTP/1.0\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 200") || end < 0) {
                return Optional.empty();
            }
            return Optional.of(text.substring(end + 4).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
