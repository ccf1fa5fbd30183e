package dev.stackyard.core.logs;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads what is appended to a log file, across rotations by {@link LogRotator}: when the file
 * shrinks, the head that went is in {@code FILE.1}, so the position moves back by that file's size;
 * a reader that had not yet read all of that head finishes it from {@code FILE.1} first. Nothing
 * is printed twice or skipped when one rotation happens between two reads (the supervisor rotates a
 * file only once it has grown past its cap again, so two between reads means a reader minutes
 * behind). Not thread-safe: one reader.
 */
public final class LogFollower {
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private long offset;

    /** Follows {@code file} from byte {@code offset} (usually its size when following starts). */
    public LogFollower(Path file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** From the current end of {@code file} (0 when it does not exist yet). */
    public static LogFollower fromEnd(Path file) throws IOException {
        return new LogFollower(file, Files.exists(file) ? Files.size(file) : 0);
    }

    public long offset() {
        return offset;
    }

    /**
     * Where a reader at {@code offset} continues in {@code file} after the file shrank to
     * {@code size}, given that {@code rotatedSize} bytes went to {@code FILE.1}: the same bytes,
     * shifted; 0 when they are all gone (a plain truncation or a rotation we cannot place).
     */
    public static long continueAt(long offset, long size, long rotatedSize) {
        if (rotatedSize > 0 && offset >= rotatedSize && offset - rotatedSize <= size) {
            return offset - rotatedSize;
        }
        return 0;
    }

    /** Hands every new byte (as chunks of text) to {@code out}; returns whether anything was read. */
    public boolean poll(Consumer<String> out) throws IOException {
        if (!Files.exists(file)) {
            offset = 0;
            return false;
        }
        boolean any = false;
        long size = Files.size(file);
        if (size < offset) {
            Path first = LogRotator.rotated(file, 1);
            long rotated = Files.exists(first) ? Files.size(first) : 0;
            if (rotated > 0 && offset < rotated) {
                any = copy(first, offset, rotated, out); // the unread end of the head that went
                offset = 0;
            } else {
                offset = continueAt(offset, size, rotated);
            }
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            while (offset < length) {
                raf.seek(offset);
                byte[] buf = new byte[(int) Math.min(length - offset, CHUNK)];
                raf.readFully(buf);
                out.accept(new String(buf, java.nio.charset.StandardCharsets.UTF_8));
                offset += buf.length;
                any = true;
            }
        }
        return any;
    }

    private static boolean copy(Path f, long from, long to, Consumer<String> out) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            raf.seek(from);
            byte[] buf = new byte[(int) Math.min(to - from, CHUNK)];
            raf.readFully(buf);
            out.accept(new String(buf, java.nio.charset.StandardCharsets.UTF_8));
            return buf.length > 0;
        }
    }
}
