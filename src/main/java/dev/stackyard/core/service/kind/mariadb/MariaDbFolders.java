package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.process.PrivateFiles;
import dev.stackyard.core.service.AccountFolders;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceFolders;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Making a MariaDB service's folders with the right owner and mode, and (as root) search permission
 * on Stackyard's own folders so the server's account can reach them. Never loosens a folder that is
 * not Stackyard's. Stateless apart from the layout.
 */
final class MariaDbFolders {
    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private final MariaDbLayout layout;

    MariaDbFolders(MariaDbLayout layout) {
        this.layout = layout;
    }

    private String id() {
        return layout.id();
    }

    /** Creates the run folder (and the socket folder when it is elsewhere), private to the server's account. */
    Path prepareRunDir(MariaDbAccount account) {
        Path run = layout.runDir();
        ServiceFolders.createFolders(run, PRIVATE_DIR);
        if (account != null) {
            account.chown(run);
        }
        if (!layout.socketInRunDir()) {
            prepareTmpSocketDir(layout.socketDir(), account);
        }
        if (!MariaDbLayout.fits(layout.socketDir())) {
            throw new ServiceException(id(), id() + " cannot start: the socket path " + layout.socket() + " is longer than "
                    + MariaDbLayout.MAX_SOCKET_PATH + " bytes");
        }
        return run;
    }

    /** A fixed name in world-writable /tmp: whoever made it first owns it, so check it is ours. */
    private void prepareTmpSocketDir(Path dir, MariaDbAccount account) {
        try {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            } catch (FileAlreadyExistsException e) {
                // Checked below.
            }
            int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            boolean ours = owner == ServiceEnvironment.effectiveUid() || (account != null && account.owns(dir));
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !ours) {
                throw new ServiceException(id(), id() + " cannot start: its socket folder " + dir + " exists but is not a"
                        + " folder of this user; remove it");
            }
            Files.setPosixFilePermissions(dir, PRIVATE_DIR);
            if (account != null) {
                account.chown(dir);
            }
        } catch (IOException e) {
            throw new ServiceException(id(), id() + " cannot start: cannot prepare its socket folder " + dir + ": "
                    + e.getMessage(), List.of(), e);
        }
    }

    /**
     * As root, the server's account must pass through every folder above {@code target}
     * ({@link AccountFolders#requireReachableAbove}).
     */
    void requireReachable(Path target, MariaDbAccount account) {
        new AccountFolders(id(), account.serviceAccount(), layout.roots(),
                "mariadb runs as " + account.name() + " (never as root), and " + account.name(),
                "Stackyard's folders (STACKYARD_HOME) or dataDir").requireReachableAbove(target);
    }

    static Optional<Path> realPath(Path p) {
        return AccountFolders.realPath(p);
    }

    static void createPrivate(Path dir) {
        ServiceFolders.createFolders(dir, PRIVATE_DIR);
    }

    /** Writes a new file readable by this user only: created 0600, never widened, even for a moment. */
    static void writePrivate(Path file, String text) throws IOException {
        // Whole or not at all (a killed start never leaves half a password), never through a link.
        PrivateFiles.writeAtomically(file, text);
    }

    static boolean isEmptyOrMissing(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
