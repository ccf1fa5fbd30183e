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
 * which to open one; files are never opened or written through a link (a link found where a file
 * should be is refused with {@link LinkRefusedException}; one planted between the check and a
 * rename is replaced by the rename, never followed). Whole-file writes are whole or not at all
 * ({@link #writeWhole}). Static helpers; thread-safe as far as the file system is.
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
     * {@code e} itself when it names its file already (or is a refused link); otherwise the same
     * failure naming {@code file}: a failed write says only "No space left on device".
     */
    static IOException naming(Path file, IOException e) {
        if (e instanceof java.nio.file.FileSystemException || e instanceof LinkRefusedException) {
            return e;
        }
        return new java.nio.file.FileSystemException(file.toString(), null, e.getMessage());
    }

    /** {@link #writeWhole} of {@code text} (UTF-8), mode 0600. */
    public static void writeAtomically(Path file, String text) throws IOException {
        writeWhole(file, text.getBytes(StandardCharsets.UTF_8), FILE);
    }

    /**
     * Replaces {@code file} with {@code content}, whole or not at all, whatever moment the process
     * is killed or the machine loses power: written to a new temp file beside it (created
     * exclusively with {@code mode}, so it is never wider for a moment and a planted link by that
     * name is never followed), synced, renamed over {@code file}, then the folder synced so the
     * rename itself is durable. A reader sees the old or the new content, never a mix; a temp file a
     * killed write left is removed by the next write of the same file by the same PID and thread or
     * ignored by every reader (its name starts with a dot and ends in {@code .tmpPID-THREAD}).
     *
     * <p>A symbolic link at {@code file} is refused ({@link LinkRefusedException}, nothing
     * written): Stackyard makes no links among its own files, so one there was put by someone else.
     * (Should one appear between the check and the rename, the rename replaces it, never follows it.)
     * Missing parent folders are created 0700. The umask may narrow {@code mode}, never widen it.
     *
     * @throws LinkRefusedException when {@code file} is a symbolic link
     * @throws IOException          when it cannot be written (the old file is then unchanged)
     */
    public static void writeWhole(Path file, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        writeWhole(file, content, mode, true);
    }

    /**
     * {@link #writeAtomically} without its two fsyncs (about a millisecond each here, and more when
     * a stop-all's N stops each write one): still whole or not at all for every reader and when the
     * process is killed, since that is the rename's doing; only after a power loss may the file be
     * the old one or empty. So only for records that lose all meaning at a power loss anyway; the
     * caller says why.
     */
    static void writeAtomicallyUnsynced(Path file, String text) throws IOException {
        writeWhole(file, text.getBytes(StandardCharsets.UTF_8), FILE, false);
    }

    private static void writeWhole(Path file, byte[] content, Set<PosixFilePermission> mode, boolean durable)
            throws IOException {
        Path target = file.toAbsolutePath();
        Path parent = target.getParent();
        createFolders(parent);
        refuseLink(target);
        // Per process and thread, so two writers of one file never share a temp file.
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp" + ProcessHandle.current().pid()
                + "-" + Thread.currentThread().threadId());
        Files.deleteIfExists(tmp); // one of ours left by a killed write (deleting a link removes the link)
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(mode))) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            if (durable) {
                ch.force(true); // the content must be on disk before the rename that publishes it
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (durable) {
            syncFolder(parent);
        }
    }

    /** Throws {@link LinkRefusedException} when {@code file} is a symbolic link. */
    public static void refuseLink(Path file) throws LinkRefusedException {
        if (Files.isSymbolicLink(file)) {
            throw new LinkRefusedException(file);
        }
    }

    /** fsync of a folder, so a rename in it survives a power loss; a file system that cannot is left be. */
    private static void syncFolder(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to sync a folder; the rename is atomic there all the same.
        }
    }

    /**
     * The text (UTF-8) of a record, never read through a link: what a planted link points at is no
     * record of Stackyard's (and may be someone's secret).
     *
     * @throws java.nio.file.NoSuchFileException when there is no file
     * @throws IOException naming the path when it is a symbolic link or cannot be read
     */
    public static String readRecord(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return StandardCharsets.UTF_8.decode(ByteBuffer.wrap(readAll(ch))).toString();
        } catch (java.nio.file.NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) {
                throw new IOException(file + " is a symbolic link, not a record Stackyard wrote", e);
            }
            throw e;
        }
    }

    private static byte[] readAll(FileChannel ch) throws IOException {
        return java.nio.channels.Channels.newInputStream(ch).readAllBytes();
    }

    /**
     * Opens {@code file} for appending (a log), creating it 0600 when missing, never through a
     * link: a link there is refused with {@link LinkRefusedException}.
     */
    public static FileChannel openForAppend(Path file) throws IOException {
        try {
            return openForWriting(file, StandardOpenOption.APPEND);
        } catch (IOException e) { // ELOOP comes as a FileSystemException or a bare IOException
            refuseLink(file);
            throw e;
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
