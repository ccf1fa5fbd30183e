package dev.stackyard.core.bundle;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes archive entries into one folder and never outside it: absolute names and {@code ..} that
 * climbs out are refused; a symbolic link may name only a path below its own folder, with no
 * {@code ..} and no link on the way or at the end (no links to links), and a hard link only a
 * regular file reached without links. Links are checked against the real resolved path, at each
 * entry and again over the whole tree once every entry is in (a later entry could otherwise make
 * an earlier link's target a link: {@code d1 -> .}, {@code u1 -> d1/..} once escaped lexical
 * checks). Modes are reduced
 * to 0755 (executables, folders) or 0644 (everything else): a bundle is read and run by everyone who
 * may start it (as root: the postgres account), written by no one but its installer, and never
 * setuid. Device files and FIFOs are refused.
 */
public final class SafeUnpack {
    static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private SafeUnpack() {
    }

    /** Unpacks a {@code .txz} (tar in xz) into {@code into}, which must exist and be empty. */
    public static void tarXz(InputStream txz, Path into, Cancellation cancel) throws IOException {
        Path root = into.toAbsolutePath().normalize();
        List<Path> links = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(txz, 1 << 20))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                cancel.check("unpacking");
                Path target = inside(root, entry.getName());
                if (entry.isDirectory()) {
                    directory(root, target);
                } else if (entry.isSymbolicLink()) {
                    directory(root, target.getParent());
                    linkTarget(root, target, entry.getLinkName());
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    links.add(target);
                } else if (entry.isLink()) {
                    Path existing = inside(root, entry.getLinkName());
                    noLinksOnTheWay(root, existing, entry.getName() + " (hard link to " + entry.getLinkName() + ")");
                    if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
                        throw new BundleException("the archive holds a hard link " + entry.getName() + " to "
                                + entry.getLinkName() + ", which is not a file in it; refusing to unpack it");
                    }
                    directory(root, target.getParent());
                    Files.deleteIfExists(target);
                    Files.createLink(target, existing);
                } else if (entry.isFile()) {
                    file(root, target, tar, (entry.getMode() & 0111) != 0);
                } else {
                    throw new BundleException("the archive holds " + entry.getName()
                            + ", which is not a file, folder or link; refusing to unpack it");
                }
            }
        }
        for (Path link : links) {
            if (Files.isSymbolicLink(link)) { // a later entry may have replaced it
                linkTarget(root, link, Files.readSymbolicLink(link).toString());
            }
        }
    }

    /** Writes one file (replacing a link rather than following it), 0755 or 0644. */
    public static void file(Path root, Path target, InputStream content, boolean executable) throws IOException {
        directory(root, target.getParent());
        Files.copy(content, target, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(target, executable ? EXECUTABLE : READABLE);
    }

    /** {@code root/name}, refusing names that leave {@code root}. */
    public static Path inside(Path root, String name) throws BundleException {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\0")) {
            throw new BundleException("the archive holds an entry named '" + name + "' (absolute or empty); refusing to unpack it");
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root) && !name.equals(".") && !name.equals("./")) {
            throw new BundleException("the archive holds '" + name + "', which points outside its folder; refusing to unpack it");
        }
        return target;
    }

    /**
     * Refuses a symbolic link whose target is absolute, holds {@code ..}, passes through a link or
     * is one, or whose real resolved path (when it exists) leaves {@code root}.
     */
    private static void linkTarget(Path root, Path link, String target) throws IOException {
        String shown = root.relativize(link) + " -> " + target;
        if (target.isEmpty() || target.startsWith("/") || target.contains("\0")) {
            throw new BundleException("the archive holds a link " + shown + " (absolute); refusing to unpack it");
        }
        for (Path part : Path.of(target)) {
            if (part.toString().equals("..")) {
                throw new BundleException("the archive holds a link " + shown
                        + " (it climbs with ..); refusing to unpack it");
            }
        }
        Path resolved = link.getParent().resolve(target).normalize();
        if (!resolved.startsWith(root)) {
            throw new BundleException("the archive holds a link " + shown + ", which points outside its folder;"
                    + " refusing to unpack it");
        }
        noLinksOnTheWay(root, resolved, "the link " + shown);
        if (Files.exists(resolved) && !resolved.toRealPath().startsWith(root.toRealPath())) {
            throw new BundleException("the archive holds a link " + shown + ", which resolves to "
                    + resolved.toRealPath() + ", outside its folder; refusing to unpack it");
        }
    }

    /** Refuses {@code path} (below {@code root}) when it, or any folder on the way to it, is a link. */
    private static void noLinksOnTheWay(Path root, Path path, String what) throws BundleException {
        for (Path p = path; p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new BundleException("the archive holds " + what + ", which goes through the link "
                        + root.relativize(p) + " (links to links are refused); refusing to unpack it");
            }
        }
    }

    /**
     * Creates {@code dir} and missing parents up to {@code root}, each 0755; a path through a link
     * is refused so that a link can never redirect a later write.
     */
    private static void directory(Path root, Path dir) throws IOException {
        if (dir.equals(root)) {
            return;
        }
        directory(root, dir.getParent());
        if (Files.isSymbolicLink(dir)) {
            throw new BundleException("the archive writes through the link " + root.relativize(dir) + "; refusing to unpack it");
        }
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
        }
        Files.setPosixFilePermissions(dir, EXECUTABLE);
    }
}
