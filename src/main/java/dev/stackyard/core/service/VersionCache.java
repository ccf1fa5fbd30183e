package dev.stackyard.core.service;

import dev.stackyard.core.process.PrivateFiles;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What each daemon binary printed when asked its version, remembered across processes so a
 * {@code stackyard status} or a window start does not spawn {@code nginx -v}, {@code postgres
 * --version} and the rest every time (about 0.3 s of every call on the benchmark's machine).
 *
 * <p>An answer is used only while the file the path leads to is the same file, unchanged: same
 * device, inode, size, modification time and change time. The change time cannot be set by
 * anyone, so a binary replaced in place, by a package upgrade, a bundle install or a copy, is
 * asked again. The cache is one file in Stackyard's own run folder, written whole and 0600
 * ({@link PrivateFiles#writeWhole}) and never read through a link: as root, nobody but root can
 * plant an answer in it. A missing, unreadable or garbled cache is only a miss. Thread-safe.
 */
public final class VersionCache {
    private final Path file;
    private Properties entries;

    private VersionCache(Path file) {
        this.file = file;
    }

    /** A cache kept in {@code file}. */
    public static VersionCache at(Path file) {
        return new VersionCache(java.util.Objects.requireNonNull(file));
    }

    /** A cache that remembers nothing: every binary is asked every time. */
    public static VersionCache none() {
        return new VersionCache(null);
    }

    /**
     * The output remembered for {@code binary} run with {@code argument}, when the binary is the
     * very file that printed it.
     */
    public synchronized Optional<String> output(Path binary, String argument) {
        if (file == null) {
            return Optional.empty();
        }
        String identity = identity(binary);
        String stored = entries().getProperty(key(binary, argument));
        if (identity == null || stored == null || !stored.startsWith(identity + " ")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(stored.substring(identity.length() + 1)),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Remembers {@code output} for {@code binary} as it is now. A cache that cannot be written is
     * left as it was: the next call asks the binary again, nothing else is lost.
     */
    public synchronized void remember(Path binary, String argument, String output) {
        String identity = identity(binary);
        if (file == null || identity == null) {
            return;
        }
        Properties all = entries();
        all.setProperty(key(binary, argument), identity + " "
                + Base64.getEncoder().encodeToString(output.getBytes(StandardCharsets.UTF_8)));
        all.keySet().removeIf(k -> !Files.exists(Path.of(k.toString().substring(0, k.toString().lastIndexOf('\0')))));
        try {
            StringWriter text = new StringWriter();
            all.store(text, "What each binary printed for its version; see dev.stackyard.core.service.VersionCache");
            PrivateFiles.writeWhole(file, text.toString().getBytes(StandardCharsets.UTF_8), PrivateFiles.FILE);
        } catch (IOException e) {
            // A cache, not a record: the answer is still right for this process.
        }
    }

    private Properties entries() {
        if (entries == null) {
            entries = new Properties();
            try {
                entries.load(new StringReader(PrivateFiles.readRecord(file)));
            } catch (NoSuchFileException e) {
                // Nothing asked yet.
            } catch (IOException | IllegalArgumentException e) {
                entries.clear(); // a link, unreadable or garbled: asked again, then written whole
            }
        }
        return entries;
    }

    private static String key(Path binary, String argument) {
        return binary.toAbsolutePath() + "\0" + argument;
    }

    /** The file {@code binary} leads to, as "dev:ino:size:mtime:ctime", or null when it cannot be read. */
    static String identity(Path binary) {
        try {
            Map<String, Object> a = Files.readAttributes(binary, "unix:dev,ino,size,lastModifiedTime,ctime");
            return a.get("dev") + ":" + a.get("ino") + ":" + a.get("size") + ":"
                    + nanos(a.get("lastModifiedTime")) + ":" + nanos(a.get("ctime"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static long nanos(Object time) {
        java.nio.file.attribute.FileTime t = (java.nio.file.attribute.FileTime) time;
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
