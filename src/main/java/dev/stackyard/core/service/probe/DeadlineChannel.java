package dev.stackyard.core.service.probe;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A non-blocking socket conversation bounded by one deadline, for TCP and unix sockets alike.
 *
 * <p>Why not {@code Socket.setSoTimeout}: it bounds each read, not the attempt, and unix-domain
 * {@link SocketChannel}s have no socket adaptor at all; a blocking unix {@code connect} even hangs
 * while php-fpm's backlog is full. One selector per conversation is cheap next to a probe interval.
 *
 * <p>Not thread-safe: one conversation, one thread.
 */
final class DeadlineChannel implements Closeable {

    static final InetAddress LOOPBACK;

    static {
        try {
            // Explicitly IPv4: getLoopbackAddress() may answer ::1, where our daemons do not listen.
            LOOPBACK = Inet4Address.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final long deadlineNanos;
    private final Duration timeout;

    private DeadlineChannel(SocketChannel channel, Selector selector, Duration timeout) throws IOException {
        this.channel = channel;
        this.selector = selector;
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        channel.configureBlocking(false);
        this.key = channel.register(selector, 0);
    }

    /** Connects to 127.0.0.1:{@code port}. */
    static DeadlineChannel connectTcp(int port, Duration timeout) throws IOException {
        return connect(new InetSocketAddress(LOOPBACK, port), StandardProtocolFamily.INET, timeout);
    }

    /** Connects to the unix socket at {@code address}. */
    static DeadlineChannel connectUnix(UnixDomainSocketAddress address, Duration timeout) throws IOException {
        return connect(address, StandardProtocolFamily.UNIX, timeout);
    }

    private static DeadlineChannel connect(SocketAddress address, StandardProtocolFamily family, Duration timeout)
            throws IOException {
        requirePositive(timeout);
        SocketChannel channel = SocketChannel.open(family);
        Selector selector = null;
        try {
            selector = Selector.open();
            DeadlineChannel conversation = new DeadlineChannel(channel, selector, timeout);
            if (!channel.connect(address)) {
                while (!channel.finishConnect()) {
                    conversation.await(SelectionKey.OP_CONNECT);
                }
            }
            return conversation;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    static void requirePositive(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("probe timeout must be positive, was " + timeout);
        }
    }

    void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await(SelectionKey.OP_WRITE);
            }
        }
    }

    /** Reads at least one byte, or returns -1 at end of stream. */
    int read(ByteBuffer buffer) throws IOException {
        while (true) {
            int n = channel.read(buffer);
            if (n != 0 || !buffer.hasRemaining()) {
                return n;
            }
            await(SelectionKey.OP_READ);
        }
    }

    /** Fills {@code buffer} completely, or throws {@link EOFException} when the peer closes first. */
    void readFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (read(buffer) < 0) {
                throw new EOFException("connection closed by the peer");
            }
        }
    }

    /**
     * Reads up to and including the first {@code '\n'}, at most {@code max} bytes, and returns the
     * line without its CR LF (decoded as ISO-8859-1; status lines are ASCII). Bytes after the newline
     * that arrived in the same read are discarded: callers read one line and hang up.
     */
    String readLine(int max) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(max);
        while (true) {
            int start = buffer.position();
            if (read(buffer) < 0) {
                throw new EOFException(start == 0
                        ? "connection closed without an answer"
                        : "connection closed mid-line: " + latin1(buffer, buffer.position()));
            }
            for (int i = start; i < buffer.position(); i++) {
                if (buffer.get(i) == '\n') {
                    int end = i > 0 && buffer.get(i - 1) == '\r' ? i - 1 : i;
                    return latin1(buffer, end);
                }
            }
            if (!buffer.hasRemaining()) {
                throw new IOException("answer line longer than " + max + " bytes");
            }
        }
    }

    private static String latin1(ByteBuffer buffer, int end) {
        byte[] bytes = new byte[end];
        buffer.get(0, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private void await(int op) throws IOException {
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                // select() returns at once while the flag is set; without this check we would spin.
                throw new InterruptedIOException("interrupted");
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("no answer within " + timeout.toMillis() + " ms");
            }
            key.interestOps(op);
            int ready = selector.select(Math.max(1, Duration.ofNanos(remaining).toMillis()));
            selector.selectedKeys().clear();
            if (ready > 0) {
                key.interestOps(0);
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            selector.close();
        }
    }
}
