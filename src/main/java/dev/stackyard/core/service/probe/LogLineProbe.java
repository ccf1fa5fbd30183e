package dev.stackyard.core.service.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/** See {@link Probes#logLine}. Stateful; {@link #check} is synchronized. */
final class LogLineProbe implements Probe {

    /** Per call, so a huge backlog cannot stall one check; the rest is read next time. */
    private static final int MAX_READ_PER_CHECK = 4 * 1024 * 1024;
    /** A longer "line" is kept only by its head; readiness lines are short. */
    private static final int MAX_LINE = 64 * 1024;

    private final Path file;
    private final Pattern pattern;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long position;
    private boolean matched;

    LogLineProbe(Path file, long startOffset, Pattern pattern) {
        this.file = Objects.requireNonNull(file, "file");
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        if (startOffset < 0) {
            throw new IllegalArgumentException("startOffset must not be negative: " + startOffset);
        }
        this.position = startOffset;
    }

    @Override
    public synchronized ProbeResult check(Duration timeout) {
        DeadlineChannel.requirePositive(timeout);
        if (matched) {
            return ProbeResult.ready();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < position) {
                position = 0; // truncated or replaced: the old offset means nothing now
                partial.reset();
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_READ_PER_CHECK, size - position));
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n <= 0) {
                    break;
                }
            }
            position += buffer.position();
            if (scan(buffer.array(), buffer.position())) {
                matched = true;
                return ProbeResult.ready();
            }
            return ProbeResult.notReady("no line matching /" + pattern.pattern() + "/ in " + file + " yet");
        } catch (NoSuchFileException e) {
            return ProbeResult.notReady(file + " does not exist yet");
        } catch (IOException e) {
            return Probes.notReady(file.toString(), e);
        }
    }

    private boolean scan(byte[] bytes, int length) {
        int lineStart = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                appendPartial(bytes, lineStart, i);
                String line = partial.toString(StandardCharsets.UTF_8);
                partial.reset();
                if (pattern.matcher(line).find()) {
                    return true;
                }
                lineStart = i + 1;
            }
        }
        appendPartial(bytes, lineStart, length);
        return false;
    }

    private void appendPartial(byte[] bytes, int from, int to) {
        int room = MAX_LINE - partial.size();
        partial.write(bytes, from, Math.max(0, Math.min(room, to - from)));
    }

    @Override
    public String toString() {
        return "log line /" + pattern.pattern() + "/ in " + file;
    }
}
