package dev.stackyard.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a second launch reaches the running window: a unix socket {@code RUN/window.sock}. A client
 * connects and writes {@code show\n}; the window comes to the front (out of the tray) and the
 * server answers {@code ok\n}. Only the holder of the home's instance lock serves, so a socket file
 * left by a window that died is replaced safely. The socket lives in the 0700 run folder: only the
 * user reaches it.
 */
final class WindowRequests implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WindowRequests.class);
    static final String SHOW = "show";
    private static final int MAX_REQUEST = 64;

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private WindowRequests(Path socket, ServerSocketChannel server, Runnable onShow) {
        this.socket = socket;
        this.server = server;
        this.acceptor = Thread.ofPlatform().name("stackyard-window-requests").daemon(true).start(() -> serve(onShow));
    }

    static Path socketFile(Path runDir) {
        return runDir.resolve("window.sock");
    }

    /**
     * Listens on {@code socket}; {@code onShow} runs on the listening thread for each request and
     * must return quickly. Call only while holding the instance lock.
     */
    static WindowRequests serve(Path socket, Runnable onShow) throws IOException {
        Files.deleteIfExists(socket); // left by a window that died; we hold the lock
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return new WindowRequests(socket, server, onShow);
    }

    private void serve(Runnable onShow) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                String request = read(client);
                if (SHOW.equals(request)) {
                    log.info("a second launch asked for the window");
                    onShow.run();
                    client.write(ByteBuffer.wrap("ok\n".getBytes(StandardCharsets.US_ASCII)));
                } else {
                    client.write(ByteBuffer.wrap("unknown request\n".getBytes(StandardCharsets.US_ASCII)));
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.debug("a window request failed: {}", e.getMessage());
                }
            }
        }
    }

    /**
     * Asks the window that serves {@code socket} to come to the front. True when it answered.
     */
    static boolean requestShow(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            c.write(ByteBuffer.wrap((SHOW + "\n").getBytes(StandardCharsets.US_ASCII)));
            c.shutdownOutput();
            return "ok".equals(read(c));
        } catch (IOException e) {
            return false;
        }
    }

    /** One line, at most {@link #MAX_REQUEST} bytes, without its newline. Blocks until it or EOF arrives. */
    private static String read(SocketChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST);
        while (buf.hasRemaining()) {
            int n = c.read(buf);
            if (n < 0) {
                break;
            }
            int nl = indexOfNewline(buf);
            if (nl >= 0) {
                return new String(buf.array(), 0, nl, StandardCharsets.US_ASCII);
            }
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
    }

    private static int indexOfNewline(ByteBuffer buf) {
        for (int i = 0; i < buf.position(); i++) {
            if (buf.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(2000);
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.debug("closing {}: {}", socket, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
