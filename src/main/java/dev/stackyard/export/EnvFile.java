package dev.stackyard.export;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code .env} beside a Compose file, which holds the exported services' passwords. A variable
 * already there keeps its value (an initialised database volume knows only the password of its first
 * start), a missing one gets a new random password appended, and every other line of the file (a
 * project's own settings) stays as it was. The file is replaced whole with mode 0600 from creation;
 * when nothing is missing it is not touched.
 */
final class EnvFile {
    static final Set<PosixFilePermission> PRIVATE = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=");
    private static final SecureRandom RANDOM = new SecureRandom();

    private EnvFile() {
    }

    /**
     * Makes sure {@code env} assigns every one of {@code variables}.
     *
     * @return the variables added, in order
     * @throws IOException when {@code env} is a link or not a file, or cannot be read or written
     */
    static List<String> addMissing(Path env, List<String> variables) throws IOException {
        Optional<BasicFileAttributes> attributes = ComposeFiles.attributes(env);
        if (attributes.isPresent() && (attributes.get().isSymbolicLink() || !attributes.get().isRegularFile())) {
            throw new IOException(env + " is a link or not a file; the passwords go only into a plain file. Remove it");
        }
        String text = attributes.isPresent() ? ComposeFiles.read(env) : "";
        Set<String> present = new LinkedHashSet<>();
        for (String line : text.lines().toList()) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (m.find()) {
                present.add(m.group(1));
            }
        }
        List<String> missing = new ArrayList<>(variables.stream().filter(v -> !present.contains(v)).toList());
        if (missing.isEmpty()) {
            return List.of();
        }
        StringBuilder out = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.append('\n');
        }
        out.append(text.isEmpty() ? ComposeExport.HEADER + ": the passwords of the exported services.\n"
                        + "# Keep this file private (mode 0600) and out of version control.\n"
                        : "# Added by stackyard export compose: passwords of the exported services.\n");
        for (String variable : missing) {
            out.append(variable).append('=').append(password()).append('\n');
        }
        ComposeFiles.replace(env, out.toString(), PRIVATE);
        return List.copyOf(missing);
    }

    /** 18 random bytes, URL-safe base64: nothing a shell, a URL or Compose's interpolation would read. */
    private static String password() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
