package dev.stackyard.core.service;

import java.nio.file.Path;

/**
 * One installed version of a kind.
 *
 * @param version "15", "8.2", "7.0", "1.22"; a Stackyard bundle's is exact ("17.11.0")
 * @param binary  the daemon's executable, as found (symlinks are not resolved: Debian's
 *                redis-server must be run by its link name)
 * @param exactVersion the full version the binary reports ("15.14"), else {@code version}
 * @param origin  where it came from: {@value #SYSTEM}, or a bundle's Maven coordinates and repository
 */
public record Installation(ServiceKind kind, String version, Path binary, String exactVersion, String origin) {
    /** The origin of binaries found in the system's folders. */
    public static final String SYSTEM = "system package";

    /** A system installation whose exact version is not known. */
    public Installation(ServiceKind kind, String version, Path binary) {
        this(kind, version, binary, version, SYSTEM);
    }

    /** Whether this is one of Stackyard's own bundles (which {@code stackyard uninstall} may remove). */
    public boolean bundled() {
        return !SYSTEM.equals(origin);
    }

    /** The folder of the binary (postgres: where initdb sits too). */
    public Path binDir() {
        return binary.getParent();
    }

    /** Another program in the same folder, e.g. {@code initdb} beside {@code postgres}. */
    public Path sibling(String program) {
        return binDir().resolve(program);
    }
}
