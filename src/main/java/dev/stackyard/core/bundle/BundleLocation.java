package dev.stackyard.core.bundle;

import java.nio.file.Path;

/**
 * Where Stackyard's bundles live. Normally {@code DATA/bundles}. As root with the data folder in
 * root's home ({@code /root/.local/share/stackyard}, the default without {@code STACKYARD_HOME}),
 * the account postgres runs as cannot enter {@code /root}, and Stackyard never opens it up; bundles
 * then go to {@value #ROOT_BUNDLES}, the system's place for state of this kind, created 0755
 * (bundles hold no secrets).
 */
public final class BundleLocation {
    public static final String ROOT_BUNDLES = "/var/lib/stackyard/bundles";

    private BundleLocation() {
    }

    /**
     * @param dataDir  Stackyard's data folder
     * @param userHome this user's home folder
     * @param root     whether this JVM runs as root
     */
    public static Path choose(Path dataDir, Path userHome, boolean root) {
        if (root && dataDir.toAbsolutePath().normalize().startsWith(userHome.toAbsolutePath().normalize())) {
            return Path.of(ROOT_BUNDLES);
        }
        return dataDir.resolve("bundles");
    }
}
