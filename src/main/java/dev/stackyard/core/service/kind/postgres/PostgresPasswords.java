package dev.stackyard.core.service.kind.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The superuser's password for TCP connections: generated once at initdb, kept in a 0600 file
 * beside the cluster, and put in connection URLs. Thread-safe.
 */
final class PostgresPasswords {

    private final Path file;

    PostgresPasswords(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The stored password; empty when Stackyard did not make this cluster. */
    Optional<String> read() {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The stored password, or a new one (18 random bytes, URL-safe base64: nothing to escape) now stored. */
    String readOrCreate() {
        return read().orElseGet(() -> {
            byte[] bytes = new byte[18];
            new SecureRandom().nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try {
                PostgresFolders.writePrivate(file, password + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            return password;
        });
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters (URLEncoder writes '+' for space). */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }
}
