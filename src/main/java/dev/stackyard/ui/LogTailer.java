package dev.stackyard.ui;

import dev.stackyard.core.logs.LogFollower;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows a growing log file: each {@link #read()} returns the complete lines appended since the
 * last one. Starts near the end of the file, starts over when the file is truncated or replaced
 * (rotation), and jumps ahead rather than falling behind a log that grows faster than it is read.
 *
 * <p>Not thread-safe: one thread reads. Lines are split on the newline byte, which never occurs
 * inside a multi-byte UTF-8 character, so a read boundary never breaks one.
 */
final class LogTailer {
    /** How much of an existing file the first read shows. */
    static final int INITIAL_BYTES = 256 * 1024;
    /** At most this much is read per call; the rest comes with the next calls. */
    static final int MAX_CHUNK = 1024 * 1024;
    /** Further behind than this, the skipped part is dropped and reading resumes near the end. */
    static final long MAX_BEHIND = 8L * 1024 * 1024;
    /** A "line" this long without a newline is shown as it is. */
    static final int MAX_LINE = 64 * 1024;

    private final Path file;
    private long offset = -1;
    private Object fileKey;
    private Object rotationKey;
    private boolean dropFirstLine;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /**
     * @param lines  complete new lines, in order
     * @param reset  the file was truncated, replaced or skipped ahead: earlier lines no longer lead
     *               to these, so whoever shows them starts over
     */
    record Chunk(List<String> lines, boolean reset) {
    }

    LogTailer(Path file) {
        this.file = file;
    }

    Chunk read() {
        boolean reset = false;
        Object key;
        try {
            key = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            boolean had = offset > 0;
            offset = 0; // it will be created: read it from its start
            fileKey = null;
            partial.reset();
            return new Chunk(List.of(), had);
        } catch (IOException e) {
            return new Chunk(List.of(), false);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            // Rotated by the supervisor: the head went to FILE.1, so the same bytes moved back.
            Object rotation = LogFollower.rotationKey(file);
            if (offset > 0 && !java.util.Objects.equals(rotation, rotationKey)) {
                long moved = LogFollower.bytesRotatedSince(file, rotationKey);
                offset = offset >= moved ? offset - moved : 0;
                reset = offset == 0;
            }
            rotationKey = rotation;
            if (offset < 0) {
                offset = Math.max(0, size - INITIAL_BYTES);
                dropFirstLine = offset > 0; // it is most likely cut
            } else if (size < offset || (fileKey != null && !fileKey.equals(key))) {
                offset = 0;
                partial.reset();
                reset = true;
            } else if (size - offset > MAX_BEHIND) {
                offset = size - INITIAL_BYTES;
                partial.reset();
                dropFirstLine = true;
                reset = true;
            }
            fileKey = key;
            int n = (int) Math.min(size - offset, MAX_CHUNK);
            if (n <= 0) {
                return new Chunk(List.of(), reset);
            }
            ByteBuffer buffer = ByteBuffer.allocate(n);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            offset += buffer.position();
            return new Chunk(split(buffer.array(), buffer.position()), reset);
        } catch (NoSuchFileException e) {
            return new Chunk(List.of(), reset);
        } catch (IOException e) {
            return new Chunk(List.of("(cannot read " + file + ": " + e.getMessage() + ")"), reset);
        }
    }

    private List<String> split(byte[] data, int length) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (data[i] == '\n') {
                partial.write(data, start, i - start);
                emit(lines);
                start = i + 1;
            }
        }
        partial.write(data, start, length - start);
        if (partial.size() > MAX_LINE) {
            emit(lines);
        }
        return lines;
    }

    private void emit(List<String> lines) {
        String line = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (dropFirstLine) {
            dropFirstLine = false;
            return;
        }
        lines.add(line);
    }
}
