package dev.stackyard.export;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes an export to disk: the Compose file, the files beside it, and the passwords into the
 * {@code .env} of the same folder ({@link EnvFile}). A file is replaced whole (a new file moved over
 * the old), never written through a link, and only when an export wrote it before: anything else of
 * the same name is the user's, and the export stops with a sentence saying so.
 */
public final class ComposeFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ComposeFiles() {
    }

    /** What was written. */
    public record Written(Path compose, List<Path> files, Path env, List<String> addedSecrets) {
    }

    /**
     * Every file in the way is checked before anything is written; each is then replaced whole (the
     * .env first, so a Compose file never names a password variable that was not made).
     *
     * @throws IOException with a sentence naming the file when it is a link, or is not an export's, or
     *                     cannot be written
     */
    public static Written write(Path composeFile, ComposeExport.Result result) throws IOException {
        Path compose = composeFile.toAbsolutePath().normalize();
        Path dir = compose.getParent();
        List<Path> targets = new ArrayList<>(List.of(compose));
        result.files().keySet().forEach(name -> targets.add(dir.resolve(name)));
        for (Path target : targets) {
            checkReplaceable(target);
        }
        Files.createDirectories(dir);
        Path env = dir.resolve(".env");
        List<String> added = EnvFile.addMissing(env, result.secrets());
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> file : result.files().entrySet()) {
            Path target = dir.resolve(file.getKey());
            replace(target, file.getValue(), null);
            files.add(target);
        }
        replace(compose, result.compose(), null);
        return new Written(compose, List.copyOf(files), env, added);
    }

    /** Refuses a link, a folder, or a file an export did not write. */
    static void checkReplaceable(Path target) throws IOException {
        Optional<BasicFileAttributes> attributes = attributes(target);
        if (attributes.isEmpty()) {
            return;
        }
        if (attributes.get().isSymbolicLink() || !attributes.get().isRegularFile()) {
            throw new IOException(target + " is a link or not a file; the export writes only plain files it made."
                    + " Remove it or choose another -o");
        }
        String first = read(target).lines().findFirst().orElse("");
        if (!first.startsWith(ComposeExport.HEADER)) {
            throw new IOException(target + " exists and was not written by stackyard export compose; nothing was"
                    + " changed. Move it away or choose another -o");
        }
    }

    /** The text of {@code path}, opened without following a link (a link put there since the check fails). */
    static String read(Path path) throws IOException {
        try (var in = Channels.newInputStream(Files.newByteChannel(path, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Optional<BasicFileAttributes> attributes(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Replaces {@code target} with {@code text}: a new file beside it (created with {@code permissions}
     * when given, so a secret is never readable by others, not even for a moment), moved over it.
     */
    static void replace(Path target, String text, Set<PosixFilePermission> permissions) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + "." + HexFormat.of().formatHex(random()) + ".tmp");
        try {
            // CREATE_NEW: never through a link someone put there; the mode is set at creation.
            Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try (SeekableByteChannel channel = permissions == null ? Files.newByteChannel(temp, options)
                    : Files.newByteChannel(temp, options, PosixFilePermissions.asFileAttribute(permissions))) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] random() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }
}
