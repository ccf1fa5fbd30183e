package dev.stackyard.core.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Making and deleting the folders of Stackyard's services (postgres's clusters, mariadb's data,
 * nginx's and php-fpm's run folders): written once for every kind. Stateless; safe to call from any
 * thread.
 */
public final class ServiceFolders {
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PASSABLE_DIR = PosixFilePermissions.fromString("rwx--x--x");

    private ServiceFolders() {
    }

    /**
     * Creates {@code dir} and any missing parents, each 0700 from creation and never through a link
     * (the folders are opened for passing through later, where an account needs it); folders that
     * exist keep their mode.
     */
    public static Path createPrivate(Path dir) {
        createFolders(dir, null);
        return dir;
    }

    /**
     * Creates {@code dir} and any missing parents, each 0700 from creation and then set to
     * {@code mode} (left as created when null); folders that exist (or that someone else makes
     * meanwhile) keep their mode.
     */
    public static void createFolders(Path dir, Set<PosixFilePermission> mode) {
        Path abs = dir.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.addFirst(p);
        }
        try {
            for (Path p : missing) {
                try {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
                } catch (FileAlreadyExistsException e) {
                    continue; // made by someone else meanwhile: keep its mode
                }
                if (mode != null) {
                    Files.setPosixFilePermissions(p, mode);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Creates the data folder {@code data} 0700 for {@code account} (which then owns it). Missing
     * parents are made for that account to pass through: 0711 as root (see {@link AccountFolders}),
     * else 0700.
     *
     * @param account the account running the daemon, or null when Stackyard runs it as itself
     */
    public static void createDataDir(Path data, ServiceAccount account) {
        createFolders(data.getParent(), account != null ? PASSABLE_DIR : PRIVATE_DIR);
        createFolders(data, PRIVATE_DIR);
        if (account != null) {
            account.chown(data);
        }
    }

    /** Deletes a folder and everything in it; links are removed, never followed. */
    public static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
