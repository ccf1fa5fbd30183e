package dev.stackyard.core.bundle;

import java.nio.file.Path;

/**
 * Where Stackyard's bundles live. Normally {@code DATA/bundles}. As root without
 * {@code STACKYARD_HOME}, the data folder is under {@code /root}, which the account postgres runs as
 * cannot enter and which Stackyard never opens up; bundles then go to {@value #ROOT_BUNDLES}, the
 * system's place for state of this kind, created 0755 (bundles hold no secrets).
 */
public final class BundleLocation {
    public static final String ROOT_BUNDLES = "/var/lib/stackyard/bundles";

    private BundleLocation() {
    }

    /**
     * @param dataDir         Stackyard's data folder
     * @param stackyardHomeSet whether {@code STACKYARD_HOME} placed every folder (the user chose them)
     * @param root            whether this JVM runs as root
     */
    public static Path choose(Path dataDir, boolean stackyardHomeSet, boolean root) {
        if (root && !stackyardHomeSet) {
            return Path.of(ROOT_BUNDLES);
        }
        return dataDir.resolve("bundles");
    }
}
