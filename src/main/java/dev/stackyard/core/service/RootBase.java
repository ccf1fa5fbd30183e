package dev.stackyard.core.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where one Stackyard home's service files go as root when the service's account cannot pass
 * through to Stackyard's own folders. As root, postgres, mariadb, nginx's workers and php-fpm's pools
 * run as another account, which must pass through every folder above its data, sockets and temp
 * files. When Stackyard's folders sit below a folder others cannot enter (the default
 * {@code /root/.local/share/stackyard}: /root is 0700), those files go to {@code BASE/HASH/...}
 * instead ({@code /var/lib/stackyard/HASH}; HASH of the data folder, so two STACKYARD_HOMEs never
 * share), and {@code /root} is never loosened. The one place that rule lives; each kind names its
 * own files below {@link #home()}. Decided on modes alone; immutable.
 */
public final class RootBase {
    public static final Path DEFAULT = Path.of("/var/lib/stackyard");

    private final Path base;
    private final ServiceEnvironment env;

    public RootBase(Path base, ServiceEnvironment env) {
        this.base = base.toAbsolutePath().normalize();
        this.env = env;
    }

    /** The root base itself ({@link #DEFAULT} unless a test points it elsewhere). */
    public Path base() {
        return base;
    }

    /** This Stackyard home's folder under the root base; part of Stackyard's own folders. */
    public Path home() {
        return base.resolve(shortHash(env.dataDir().toAbsolutePath().normalize().toString()));
    }

    /**
     * The run folder of service {@code id}: {@code RUN/ID}, or {@code BASE/HASH/run/ID} when
     * {@code asRoot} and others cannot pass through to the run folder.
     */
    public Path serviceRunDir(String id, boolean asRoot) {
        Path own = env.serviceRunDir(id).toAbsolutePath().normalize();
        if (!asRoot || othersCanReach(env.runDir())) {
            return own;
        }
        return home().resolve("run").resolve(id);
    }

    /**
     * Stackyard's data folder {@code name} ({@code DATA/NAME}), or {@code BASE/HASH/NAME} when
     * {@code asRoot} and others cannot pass through to the data folder, unless {@code keep} (a
     * file or folder of the usual place, such as an existing cluster) already exists: what is
     * there stays there.
     */
    public Path dataFolder(String name, boolean asRoot, String keep) {
        Path own = env.dataDir().resolve(name).toAbsolutePath().normalize();
        if (!asRoot || Files.exists(own.resolve(keep), LinkOption.NOFOLLOW_LINKS) || othersCanReach(env.dataDir())) {
            return own;
        }
        return home().resolve(name);
    }

    /**
     * Stackyard's data folder {@code name}: {@code DATA/NAME}, or {@code BASE/HASH/NAME} when
     * {@code asRoot} and others cannot pass through to the data folder (whatever is at the usual
     * place; for folders that hold nothing the user must keep, such as the default web folder).
     */
    public Path dataFolder(String name, boolean asRoot) {
        Path own = env.dataDir().resolve(name).toAbsolutePath().normalize();
        return !asRoot || othersCanReach(env.dataDir()) ? own : home().resolve(name);
    }

    /** Folders Stackyard made and may open for passing through (0711) as root. */
    public List<Path> ownFolders() {
        return List.of(env.dataDir(), env.runDir(), base);
    }

    /**
     * The STACKYARD_HOME: the folder holding both the data and run folders, when they share one
     * (never / or the user's home, which are not Stackyard's to change).
     */
    public Optional<Path> stackyardHome() {
        Path data = env.dataDir().toAbsolutePath().normalize().getParent();
        Path run = env.runDir().toAbsolutePath().normalize().getParent();
        Path userHome = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        if (data == null || !data.equals(run) || data.getParent() == null || data.equals(userHome)) {
            return Optional.empty();
        }
        return Optional.of(data);
    }

    /** Whether {@code folder} is one of Stackyard's own (see {@link #ownFolders()}) or its home. */
    public boolean isStackyards(Path folder) {
        Path at = folder.toAbsolutePath().normalize();
        return ownFolders().stream().anyMatch(o -> at.startsWith(o.toAbsolutePath().normalize()))
                || stackyardHome().map(at::equals).orElse(false);
    }

    /**
     * Whether any account may pass through every existing folder above {@code folder} that is not
     * Stackyard's own (Stackyard's are opened to 0711 as needed). Decided on modes alone.
     */
    public boolean othersCanReach(Path folder) {
        for (Path p = existing(folder.toAbsolutePath().normalize()); p != null; p = p.getParent()) {
            if (!isStackyards(p) && !othersMayEnter(p)) {
                return false;
            }
        }
        return true;
    }

    private static Path existing(Path p) {
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    private static boolean othersMayEnter(Path dir) {
        try {
            return ((Integer) Files.getAttribute(dir, "unix:mode") & 0001) != 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The first 8 hex digits of the SHA-256 of {@code text}. */
    public static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
