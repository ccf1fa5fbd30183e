package dev.stackyard.core.site;

import dev.stackyard.core.service.ServedFolders;
import dev.stackyard.core.service.ServiceEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A site's own nginx lines ({@code nginx: FILE} in its entry), which go into its server block.
 * nginx runs them as written — as root, with root's rights until it drops to the web account — so
 * the file is trusted only as Stackyard's own files are: a regular file, not a link (a link could
 * be pointed elsewhere later), belonging to this account (as root: to root), writable by nobody
 * else (as root: neither group nor others; for an ordinary account, group write is allowed as for
 * served folders), in folders no other account can change ({@link ServedFolders}).
 *
 * <p>The text is copied into {@code sites.conf} rather than {@code include}d: what {@code nginx -t}
 * checked is what the workers run, an edit of the file takes effect only through the next checked
 * reload, and nginx itself never opens a file Stackyard did not check. Stateless.
 */
public final class SiteSnippets {
    private SiteSnippets() {
    }

    /** Why {@code file} cannot be used as nginx lines, as a sentence naming it; empty when it can. */
    public static Optional<String> problem(Path file) {
        return problem(file, ServiceEnvironment.effectiveUid());
    }

    static Optional<String> problem(Path file, int me) {
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.of("its nginx lines " + file + " cannot be read: " + reason(e));
        }
        if (a.isSymbolicLink()) {
            return Optional.of("its nginx lines " + file + " are a link; Stackyard reads only a real file there"
                    + " (a link could be turned to another file later): copy the file in its place");
        }
        if (!a.isRegularFile()) {
            return Optional.of("its nginx lines " + file + " are not a regular file");
        }
        Map<String, Object> unix;
        try {
            unix = Files.readAttributes(file, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return Optional.of("its nginx lines " + file + " cannot be read: " + reason(e));
        }
        int uid = (Integer) unix.get("uid");
        int mode = (Integer) unix.get("mode");
        if (uid != me) {
            return Optional.of("its nginx lines " + file + " belong to another account (uid " + uid + "), and nginx runs"
                    + " them as " + (me == 0 ? "root" : "you") + "; chown " + (me == 0 ? "root" : "$USER") + " " + file);
        }
        if ((mode & (me == 0 ? 0022 : 0002)) != 0) {
            return Optional.of("its nginx lines " + file + " are writable by " + ((mode & 0002) != 0 ? "every account" : "its group")
                    + " (mode " + Integer.toOctalString(mode & 07777) + "), and nginx runs them as " + (me == 0 ? "root" : "you")
                    + "; chmod " + (me == 0 ? "go-w " : "o-w ") + file);
        }
        Optional<String> above = ServedFolders.writableByOthers(file.toAbsolutePath().getParent());
        if (above.isPresent()) {
            return Optional.of("its nginx lines " + file + " are in a folder another account could change: " + above.get());
        }
        if (!Files.isReadable(file)) {
            return Optional.of("its nginx lines " + file + " are not readable by this account; fix its permissions");
        }
        return Optional.empty();
    }

    /**
     * The text of {@code file}, checked as {@link #problem} says and opened without following a
     * link; the file read is the one checked (same inode before and after).
     *
     * @throws SiteException naming {@code site} and the file when it cannot be used
     */
    public static String read(String site, Path file) {
        Optional<String> problem = problem(file);
        if (problem.isPresent()) {
            throw new SiteException("site " + site + ": " + problem.get());
        }
        try {
            Object before = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            String text;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Object after = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (!Objects.equals(before, after)) {
                throw new SiteException("site " + site + ": its nginx lines " + file + " were replaced while being read; try again");
            }
            return text;
        } catch (IOException e) {
            throw new SiteException("site " + site + ": its nginx lines " + file + " cannot be read: " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    }
}
