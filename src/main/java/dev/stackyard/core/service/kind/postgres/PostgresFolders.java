package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.process.PrivateFiles;
import dev.stackyard.core.service.AccountFolders;
import dev.stackyard.core.service.ServiceAccount;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceFolders;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Making a cluster's folders with the right owner and mode: private folders, the data folder for
 * the account running postgres, the socket folder, and (as root) search permission on Stackyard's
 * own folders so that account can reach them. Never loosens a folder that is not Stackyard's.
 * Stateless apart from the layout; safe to call from any thread.
 */
final class PostgresFolders {
    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private final PostgresLayout layout;

    PostgresFolders(PostgresLayout layout) {
        this.layout = layout;
    }

    private String id() {
        return layout.id();
    }

    /** Creates the socket folder (and checks a fixed name in /tmp is ours); gives it to the account. */
    Path prepareSocketDir(ServiceAccount account) {
        Path dir = layout.socketDir();
        if (!layout.fitsSocketPath(dir)) {
            throw new ServiceException(id(), id() + " cannot start: the socket path " + dir + "/.s.PGSQL." + layout.port()
                    + " is longer than " + PostgresLayout.MAX_SOCKET_PATH + " bytes");
        }
        if (layout.socketInRunDir()) {
            createPrivate(dir);
        } else {
            // A fixed name in world-writable /tmp: whoever made it first owns it, so check it is ours.
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            } catch (FileAlreadyExistsException e) {
                // Checked below.
            } catch (IOException e) {
                throw new ServiceException(id(), id() + " cannot start: cannot create its socket folder " + dir + ": "
                        + e.getMessage(), List.of(), e);
            }
            try {
                PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                boolean ours = owner == ServiceEnvironment.effectiveUid() || (account != null && owner == account.uid());
                if (!a.isDirectory() || !ours) {
                    throw new ServiceException(id(), id() + " cannot start: its socket folder " + dir + " exists but is"
                            + " not a folder of this user; remove it");
                }
                // Never through a link: the account owns this folder from an earlier start and may swap
                // it for a link between the check above and this chmod (/tmp is sticky, not closed).
                Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(PRIVATE_DIR);
            } catch (IOException e) {
                throw new ServiceException(id(), id() + " cannot start: cannot check its socket folder " + dir + ": "
                        + e.getMessage(), List.of(), e);
            }
        }
        if (account != null) {
            account.chown(dir);
        }
        return dir;
    }

    /**
     * As root, the account running postgres must be able to pass through every folder above
     * {@code target} ({@link AccountFolders#requireReachableAbove}). The cluster stays private
     * (0700, the account's) and the password file root's (0600).
     */
    void requireReachable(Path target, ServiceAccount account) {
        new AccountFolders(id(), account, layout.roots(),
                "postgres runs as " + account.name() + " (it refuses root), and " + account.name(),
                "Stackyard's folders (STACKYARD_HOME) or dataDir").requireReachableAbove(target);
    }

    /** Creates a folder, and any missing parents, mode 0700; folders that exist keep their mode. */
    static void createPrivate(Path dir) {
        ServiceFolders.createFolders(dir, PRIVATE_DIR);
    }

    /** Writes a new file readable by this user only: created 0600, never widened, even for a moment. */
    static void writePrivate(Path file, String text) throws IOException {
        // Whole or not at all (a killed start never leaves half a password), never through a link.
        PrivateFiles.writeAtomically(file, text);
    }

    /**
     * Replaces {@code file}, in a folder the postgres account may write (its cluster), with
     * {@code text}, never through a link: a new 0600 file is created exclusively beside it (O_EXCL
     * never follows a link), given to {@code account} without following links (lchown) and renamed
     * over {@code file}, so a link the account planted there is replaced, not written through.
     *
     * @param account the cluster's account, or null when Stackyard runs postgres as itself
     */
    static void replaceInAccountsFolder(Path file, String text, ServiceAccount account) throws IOException {
        PrivateFiles.refuseLink(file); // the rename below would replace it; say so instead
        Path tmp = file.resolveSibling("." + file.getFileName() + ".stackyard-" + ProcessHandle.current().pid());
        Files.deleteIfExists(tmp);
        try {
            try (SeekableByteChannel ch = Files.newByteChannel(tmp,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PRIVATE_FILE))) {
                ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            if (account != null) {
                account.chown(tmp);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static boolean isEmptyOrMissing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
