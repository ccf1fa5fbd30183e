package dev.stackyard.core.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reading the end of a log file cheaply, however large the file is. */
public final class LogFiles {
    private static final int MAX_BYTES = 64 * 1024;

    private LogFiles() {
    }

    /**
     * The last {@code n} lines (from at most the last 64 KiB); empty when the file is missing or is
     * a symbolic link (whatever it points at is not this service's log, and may be a secret).
     */
    public static List<String> tail(Path file, int n) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] buf = new byte[size];
            raf.seek(length - size);
            raf.readFully(buf);
            List<String> lines = Arrays.asList(new String(buf, StandardCharsets.UTF_8).split("\r?\n"));
            if (size < length && !lines.isEmpty()) {
                lines = lines.subList(1, lines.size()); // the first one is probably cut
            }
            lines = lines.stream().filter(l -> !l.isEmpty()).toList();
            return List.copyOf(lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }
}
