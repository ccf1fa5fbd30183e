package dev.stackyard.core.supervise;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.OptionalLong;

/**
 * Whether some process holds the home's instance lock ({@code RUN/window.lock}, taken by the window
 * and by {@code stackyard run}), read from {@code /proc/locks} without touching the lock: trying to
 * take it, even for a moment, could make a window starting at that very moment think another one runs.
 */
public final class HomeLock {
    private HomeLock() {
    }

    /** The lock file of a home, given its run folder. */
    public static Path file(Path runDir) {
        return runDir.resolve("window.lock");
    }

    /** The PID holding a POSIX lock on {@code file}, or empty when nobody does (or it does not exist). */
    public static OptionalLong holder(Path file) {
        long inode;
        try {
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            // UnixFileKey prints "(dev=...,ino=N)".
            String text = String.valueOf(key);
            int at = text.indexOf("ino=");
            if (at < 0) {
                return OptionalLong.empty();
            }
            inode = Long.parseLong(text.substring(at + 4).replaceAll("\\D.*$", ""));
            List<String> lines = Files.readAllLines(Path.of("/proc/locks"));
            for (String line : lines) {
                // "1: POSIX  ADVISORY  WRITE 4242 fe:01:1234 0 EOF"
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && f[1].equals("POSIX")) {
                    String[] dev = f[5].split(":");
                    if (dev.length == 3 && Long.parseLong(dev[2]) == inode) {
                        return OptionalLong.of(Long.parseLong(f[4]));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** True when a window or {@code stackyard run} supervises this home. */
    public static boolean supervised(Path runDir) {
        return holder(file(runDir)).isPresent();
    }
}
