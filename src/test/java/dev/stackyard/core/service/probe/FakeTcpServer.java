package dev.stackyard.core.service.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny real TCP peer on 127.0.0.1 (ephemeral port), one virtual thread per connection. Closing it
 * closes the listener and every accepted connection.
 */
final class FakeTcpServer implements AutoCloseable {

    @FunctionalInterface
    interface Handler {
        void handle(Socket connection) throws IOException;
    }

    /** Accepts and never answers, holding the connection open until the server closes. */
    static final Handler SILENT = connection -> connection.getInputStream().transferTo(OutputDiscard.INSTANCE);

    private final ServerSocket server;
    private final List<Socket> connections = new ArrayList<>();
    private final Thread acceptor;

    FakeTcpServer(Handler handler) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(DeadlineChannel.LOOPBACK, 0));
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket connection = server.accept();
                    synchronized (connections) {
                        connections.add(connection);
                    }
                    Thread.ofVirtual().start(() -> {
                        try (connection) {
                            handler.handle(connection);
                        } catch (IOException e) {
                            // The probe hung up first; that is its right.
                        }
                    });
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    /** Answers every connection with these bytes, after reading {@code requestBytes} of request. */
    static Handler replying(int requestBytes, byte[] answer) {
        return connection -> {
            connection.getInputStream().readNBytes(requestBytes);
            connection.getOutputStream().write(answer);
            connection.getOutputStream().flush();
        };
    }

    static Handler replyingAfterLine(String answer) {
        return connection -> {
            readLine(connection.getInputStream());
            connection.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
            connection.getOutputStream().flush();
        };
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        return line.toString().replaceAll("\r$", "");
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.close();
            synchronized (connections) {
                for (Socket connection : connections) {
                    connection.close();
                }
            }
            acceptor.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port that nothing listens on: bound for a moment, then released. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(DeadlineChannel.LOOPBACK, 0));
            return socket.getLocalPort();
        }
    }

    private static final class OutputDiscard extends java.io.OutputStream {
        static final OutputDiscard INSTANCE = new OutputDiscard();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
