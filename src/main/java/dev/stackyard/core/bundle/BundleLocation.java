package dev.stackyard.core.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where Stackyard's bundles live. Normally {@code DATA/bundles}. As root, the postgres account must
 * be able to run them: when a folder above the data folder that is not Stackyard's own cannot be
 * entered by others (the default {@code /root/.local/share/stackyard}: /root is 0700), bundles go
 * to {@value #ROOT_BUNDLES} instead, created 0755 (bundles hold no secrets); {@code /root} is never
 * opened up. Stackyard's own folders (the data folder, and the STACKYARD_HOME holding data and run)
 * are opened for passing through (0711) by the postgres manager when it starts a server, as for
 * its clusters. This is the same rule by which root's clusters move to /var/lib/stackyard.
 */
public final class BundleLocation {
    public static final String ROOT_BUNDLES = "/var/lib/stackyard/bundles";

    private BundleLocation() {
    }

    /**
     * @param dataDir  Stackyard's data folder
     * @param runDir   Stackyard's run folder (with the data folder, tells the STACKYARD_HOME)
     * @param userHome this user's home folder (never Stackyard's own, even when it holds both)
     * @param root     whether this JVM runs as root
     */
    public static Path choose(Path dataDir, Path runDir, Path userHome, boolean root) {
        Path data = dataDir.toAbsolutePath().normalize();
        if (root && !othersCanReach(data, stackyardHome(data, runDir.toAbsolutePath().normalize(), userHome))) {
            return Path.of(ROOT_BUNDLES);
        }
        return data.resolve("bundles");
    }

    private static Path stackyardHome(Path data, Path run, Path userHome) {
        Path home = data.getParent();
        if (home == null || !home.equals(run.getParent()) || home.getParent() == null
                || home.equals(userHome.toAbsolutePath().normalize())) {
            return null;
        }
        return home;
    }

    /** Whether every existing folder above {@code data} that is not Stackyard's lets others pass (o+x). */
    private static boolean othersCanReach(Path data, Path stackyardHome) {
        for (Path p = data.getParent(); p != null; p = p.getParent()) {
            if (p.equals(stackyardHome) || !Files.exists(p)) {
                continue;
            }
            try {
                if (((Integer) Files.getAttribute(p, "unix:mode") & 0001) == 0) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
