package dev.stackyard.core.logs;

import dev.stackyard.core.process.LinkRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Caps a log file that daemons write to directly (their stdout and stderr are the file, opened
 * O_APPEND by the process core), keeping {@code keep} older files: {@code ID.log.1} (newest) to
 * {@code ID.log.KEEP}.
 *
 * <p>How, without losing or doubling a line a daemon writes meanwhile: shift the old files, COPY
 * the head of the live file, up to a block boundary that ends a line, into {@code ID.log.1}, then
 * cut exactly that head off the live file with {@code fallocate(COLLAPSE_RANGE)} (when no line
 * ends on a block boundary, one line is split between the two files, never lost). Writers are never
 * told: each append lands at the end, before or after the cut, and the cut removes only bytes
 * already copied. Concatenating {@code .KEEP ... .2 .1} and the live file gives every byte once.
 * Where the file system cannot collapse (tmpfs, some network file systems) it falls back to the
 * classic copy-then-truncate, which may lose what is written between the two steps; that is logged.
 *
 * <p>One rotation of a file at a time: callers serialise per file (the supervisor's log check runs
 * on one thread). While it runs, a marker file {@code .NAME.rotating} exists, so that a
 * {@link LogFollower} in any process can tell a half-done rotation and read again later.
 */
public final class LogRotator {
    private static final Logger log = LoggerFactory.getLogger(LogRotator.class);
    private static final int BLOCK = 4096;

    private LogRotator() {
    }

    /** {@code file.N}. */
    public static Path rotated(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    /**
     * Rotates {@code file} when it is larger than {@code maxSize}.
     *
     * @return the number of bytes moved into {@code file.1}, or 0 when nothing was done
     */
    public static long rotateIfLarger(Path file, long maxSize, int keep) throws IOException {
        long size;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                throw new LinkRefusedException(file); // cutting it would cut whatever it points at
            }
            size = a.size();
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
        if (size <= maxSize) {
            return 0;
        }
        return rotate(file, keep);
    }

    /** The marker that says a rotation of {@code file} is under way (readers retry later). */
    static Path marker(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".rotating");
    }

    /** Whether a rotation of {@code file} is under way; a marker older than a minute is a crashed rotation's. */
    static boolean rotating(Path file) {
        try {
            return Files.getLastModifiedTime(marker(file)).toMillis() > System.currentTimeMillis() - 60_000;
        } catch (IOException e) {
            return false;
        }
    }

    /** Rotates {@code file} now; see the class comment. Returns the bytes moved into {@code file.1}. */
    public static long rotate(Path file, int keep) throws IOException {
        Path marker = marker(file);
        Files.deleteIfExists(marker);
        Files.createFile(marker);
        try {
            return rotateMarked(file, keep);
        } finally {
            Files.deleteIfExists(marker);
        }
    }

    private static long rotateMarked(Path file, int keep) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = in.size();
            long cut = lineEndingBlockBoundary(in, size);
            if (cut == 0) {
                cut = (size / BLOCK) * BLOCK; // no line ends on a block: split one line, lose none
            }
            boolean collapse = cut > 0;
            if (!collapse) {
                cut = size; // smaller than a block: copy it all
            }
            if (cut == 0) {
                return 0;
            }
            shift(file, keep);
            Path first = rotated(file, 1);
            Path tmp = file.resolveSibling("." + file.getFileName() + ".copy");
            Files.deleteIfExists(tmp); // a crashed rotation's copy, or a planted link (the link goes, not its target)
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long done = 0;
                while (done < cut) {
                    done += in.transferTo(done, cut - done, out);
                }
                out.force(false); // the copy must be on disk before the original bytes go
            }
            restrict(tmp);
            Files.move(tmp, first, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (collapse) {
                int errno = FileRanges.collapseHead(file, cut);
                if (errno == 0) {
                    return cut;
                }
                log.warn("{}: cannot cut the rotated head in place (errno {}); truncating instead, which may lose"
                        + " lines written meanwhile", file, errno);
            }
            copyRestAndTruncate(in, file, first, cut);
            return Files.size(first);
        }
    }

    /**
     * The largest multiple of the block size, at most {@code size}, right after a newline; 0 when
     * there is none. Reads one byte per candidate boundary, from the end.
     */
    static long lineEndingBlockBoundary(FileChannel in, long size) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long b = (size / BLOCK) * BLOCK; b > 0; b -= BLOCK) {
            one.clear();
            if (in.read(one, b - 1) == 1 && one.get(0) == '\n') {
                return b;
            }
        }
        return 0;
    }

    /** The fallback: append what came after {@code cut} to {@code first}, then empty the live file. */
    private static void copyRestAndTruncate(FileChannel in, Path file, Path first, long cut) throws IOException {
        try (FileChannel out = FileChannel.open(first, StandardOpenOption.WRITE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS);
             FileChannel live = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            long size = in.size();
            long done = cut;
            while (done < size) {
                done += in.transferTo(done, size - done, out);
            }
            live.truncate(0);
        }
    }

    private static void shift(Path file, int keep) throws IOException {
        Files.deleteIfExists(rotated(file, keep));
        for (int n = keep - 1; n >= 1; n--) {
            Path from = rotated(file, n);
            if (Files.exists(from)) {
                Files.move(from, rotated(file, n + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void restrict(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot restrict {}: {}", p, e.getMessage());
        }
    }
}
