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
 * Making and deleting the folders of a database kind (postgres's clusters, mariadb's data): written
 * once for the kinds that keep data. Stateless; safe to call from any thread.
 */
public final class ServiceFolders {
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private ServiceFolders() {
    }

    /**
     * Creates {@code dir} and any missing parents, each 0700 from creation and then set to
     * {@code mode}; folders that exist (or that someone else makes meanwhile) keep their mode.
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
                Files.setPosixFilePermissions(p, mode);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
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
