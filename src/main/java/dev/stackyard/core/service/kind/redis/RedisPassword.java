package dev.stackyard.core.service.kind.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;

/**
 * A redis service's password: generated on first use, kept in a file created 0600 (never through a
 * link), read back at every start. The owner may write a password of their own into the file.
 */
final class RedisPassword {

    private RedisPassword() {
    }

    /** The stored password, or a new one (18 random bytes, URL-safe base64: nothing to escape) now stored. */
    static String readOrCreate(Path file) {
        try {
            Optional<String> stored = read(file);
            if (stored.isPresent()) {
                return stored.get();
            }
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            writePrivate(file, password + "\n");
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the redis password in " + file, e);
        }
    }

    /** The stored password, empty when the file is missing or blank; a link is refused. */
    static Optional<String> read(Path file) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // fill
            }
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Creates {@code file} with mode 0600 from the start (never an existing file or link). */
    static void writePrivate(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        try (SeekableByteChannel ch = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while Stackyard was writing it; remove it and start again", e);
        }
    }
}
