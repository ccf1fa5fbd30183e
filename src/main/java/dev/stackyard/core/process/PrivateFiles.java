package dev.stackyard.core.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Stackyard's own records (process state, PID files, locks, intents, supervision status): folders
 * 0700 and files 0600 FROM CREATION, whatever the umask, so no other account ever gets a window in
 * which to open one; files are never opened through a link (a link planted in the folder is
 * replaced by a rename, never followed). Static helpers; thread-safe as far as the file system is.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> FOLDER_ATTRIBUTE = PosixFilePermissions.asFileAttribute(FOLDER);
    private static final FileAttribute<Set<PosixFilePermission>> FILE_ATTRIBUTE = PosixFilePermissions.asFileAttribute(FILE);

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and its missing parents, each missing one 0700 at its mkdir (the umask
     * can only narrow that). Folders that exist are left as they are.
     */
    public static void createFolders(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p, FOLDER_ATTRIBUTE);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder");
        }
    }

    /**
     * {@link #createFolders}, then narrows {@code dir} itself to 0700 when it already existed wider
     * (made by an older version, or under a loose umask) and belongs to this process's user; never
     * through a link.
     */
    public static void createPrivateFolder(Path dir) throws IOException {
        createFolders(dir);
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes a = view.readAttributes();
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (a.isDirectory() && owner == self && !a.permissions().equals(FOLDER)) {
            view.setPermissions(FOLDER);
        }
    }

    /**
     * Replaces {@code file} with {@code text}: written to a new 0600 temp file beside it (created
     * exclusively, so a planted link or file by that name is never followed) and renamed over it,
     * so a reader sees the old or the new content and a link at {@code file} is replaced, not
     * followed. Missing parent folders are created 0700.
     */
    public static void writeAtomically(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        createFolders(parent);
        // Per process and thread, so two writers of one record never share a temp file.
        Path tmp = parent.resolve("." + file.getFileName() + ".tmp" + ProcessHandle.current().pid()
                + "-" + Thread.currentThread().threadId());
        Files.deleteIfExists(tmp); // one of ours left by a killed write (deleting a link removes the link)
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                FILE_ATTRIBUTE)) {
            // No fsync: the rename keeps readers from seeing half a file, and after a power loss the
            // processes a record describes are gone anyway (a torn record is treated as stale).
            ByteBuffer b = StandardCharsets.UTF_8.encode(text);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Opens {@code file} for writing, creating it 0600 when missing and never through a link
     * (O_NOFOLLOW: a link there fails the open). Extra {@code options} (APPEND) are added.
     */
    public static FileChannel openForWriting(Path file, OpenOption... options) throws IOException {
        Set<OpenOption> all = new HashSet<>(Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS));
        all.addAll(Set.of(options));
        return FileChannel.open(file, all, FILE_ATTRIBUTE);
    }
}
