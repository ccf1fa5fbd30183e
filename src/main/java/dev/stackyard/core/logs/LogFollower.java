package dev.stackyard.core.logs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads what is appended to a log file, across rotations by {@link LogRotator}, printing each byte
 * once. The rotated heads are consecutive cuts of the live file, so the rotated files made since
 * the last read (oldest first) followed by the live file are the old live file plus what came
 * after: the reader skips what it had already read across them.
 *
 * <p>New rotated files are told by the identity (inode) of {@code FILE.1}, which every rotation
 * replaces. A rotation in progress is told by the rotator's marker file; a read that overlapped one
 * (marker seen, or {@code FILE.1} changed during the read) is thrown away and done again at the next
 * poll, like a seqlock. Only whole lines are handed out. Not thread-safe: one reader.
 */
public final class LogFollower {
    private static final int MAX_READ = 4 << 20;
    private static final int MAX_PARTIAL = 64 * 1024;

    private final Path file;
    private long offset;
    private Object lastKey;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** Follows {@code file} from byte {@code offset} of the live file. */
    public LogFollower(Path file, long offset) {
        this.file = file;
        this.offset = offset;
        this.lastKey = key(LogRotator.rotated(file, 1));
    }

    /** From the current end of {@code file} (0 when it does not exist yet). */
    public static LogFollower fromEnd(Path file) throws IOException {
        return new LogFollower(file, Files.exists(file) ? Files.size(file) : 0);
    }

    /**
     * Where a reader at {@code offset} continues in the live file after rotations moved
     * {@code rotatedSize} bytes out of its head: the same bytes, shifted; 0 when they all went.
     */
    public static long continueAt(long offset, long size, long rotatedSize) {
        if (offset >= rotatedSize && offset - rotatedSize <= size) {
            return offset - rotatedSize;
        }
        return 0;
    }

    /** The identity of {@code FILE.1} now (null when there is none): what {@link #bytesRotatedSince} compares. */
    public static Object rotationKey(Path file) {
        return key(LogRotator.rotated(file, 1));
    }

    /** The bytes rotations moved out of {@code file}'s head since {@code FILE.1} had identity {@code key}. */
    public static long bytesRotatedSince(Path file, Object key) {
        if (Objects.equals(key, rotationKey(file))) {
            return 0;
        }
        long moved = 0;
        for (Path p : new LogFollower(file, 0).rotatedSince(key)) {
            try {
                moved += Files.size(p);
            } catch (IOException e) {
                return moved;
            }
        }
        return moved;
    }

    /** Hands the complete new lines (with their newlines) to {@code out}; returns whether there were any. */
    public boolean poll(Consumer<String> out) throws IOException {
        if (LogRotator.rotating(file)) {
            return false; // try again at the next poll
        }
        Object key1 = key(LogRotator.rotated(file, 1));
        List<Path> fresh = Objects.equals(key1, lastKey) ? List.of() : rotatedSince(lastKey);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        long at = offset;
        for (Path f : fresh) {
            long size = Files.size(f);
            if (at >= size) {
                at -= size;
            } else {
                copy(f, at, size, read);
                at = 0;
            }
        }
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            size = 0;
        }
        if (fresh.isEmpty() && size < at) {
            at = 0; // truncated by someone else: start over
        }
        long end = Math.min(size, at + MAX_READ);
        if (end > at) {
            copy(file, at, end, read);
        }
        if (LogRotator.rotating(file) || !Objects.equals(key1, key(LogRotator.rotated(file, 1)))) {
            return false; // a rotation overlapped this read: discard it
        }
        offset = end;
        lastKey = key1;
        byte[] bytes = read.toByteArray();
        int lastNewline = -1;
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline < 0) {
            partial.write(bytes, 0, bytes.length);
            if (partial.size() <= MAX_PARTIAL) {
                return false;
            }
            lastNewline = -1;
        }
        partial.write(bytes, 0, lastNewline + 1);
        String text = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        partial.write(bytes, lastNewline + 1, bytes.length - lastNewline - 1);
        if (text.isEmpty()) {
            return false;
        }
        out.accept(text);
        return true;
    }

    /** The rotated files newer than the one whose identity was {@code previous}, oldest first. */
    private List<Path> rotatedSince(Object previous) {
        List<Path> fresh = new ArrayList<>();
        for (int n = 1; n < 10_000; n++) {
            Path p = LogRotator.rotated(file, n);
            Object k = key(p);
            if (k == null || k.equals(previous)) {
                break;
            }
            fresh.add(p);
        }
        Collections.reverse(fresh);
        return fresh;
    }

    private static Object key(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void copy(Path f, long from, long to, ByteArrayOutputStream out) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            long length = Math.min(to, raf.length());
            if (length <= from) {
                return;
            }
            raf.seek(from);
            byte[] buf = new byte[(int) (length - from)];
            raf.readFully(buf);
            out.write(buf);
        }
    }
}
