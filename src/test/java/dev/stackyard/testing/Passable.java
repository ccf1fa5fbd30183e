package dev.stackyard.testing;

import dev.stackyard.core.service.ServiceEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * As root, nginx's workers and php-fpm's pools run as the web account, which must pass through the
 * folders above what they serve. JUnit's temporary folders are 0700: a test whose files are served
 * opens the folders from its own up to the system's temp folder for passing through (o+x), as a
 * person serving from /srv would. Nothing happens for an ordinary user.
 */
public final class Passable {
    private Passable() {
    }

    /** Adds search permission for everyone on {@code dir} and its parents below java.io.tmpdir. */
    public static Path upTo(Path dir) {
        if (!ServiceEnvironment.runningAsRoot()) {
            return dir;
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        try {
            for (Path p = dir.toAbsolutePath().normalize(); p != null && p.startsWith(tmp) && !p.equals(tmp); p = p.getParent()) {
                if (Files.isDirectory(p)) {
                    Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
                    perms.add(PosixFilePermission.GROUP_EXECUTE);
                    perms.add(PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(p, perms);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Lets the web account write {@code dir} too (a test script that leaves a marker file). */
    public static Path writableByWebAccount(Path dir) {
        if (ServiceEnvironment.runningAsRoot()) {
            dev.stackyard.core.service.ServiceAccount.lookup("www-data").orElseThrow().chown(dir);
        }
        return upTo(dir);
    }
}
