package dev.stackyard.core.service;

import java.nio.file.Path;

/**
 * One installed version of a kind.
 *
 * @param version "15", "8.2", "7.0", "1.22"
 * @param binary  the daemon's executable, as found (symlinks are not resolved: Debian's
 *                redis-server must be run by its link name)
 */
public record Installation(ServiceKind kind, String version, Path binary) {

    /** The folder of the binary (postgres: where initdb sits too). */
    public Path binDir() {
        return binary.getParent();
    }

    /** Another program in the same folder, e.g. {@code initdb} beside {@code postgres}. */
    public Path sibling(String program) {
        return binDir().resolve(program);
    }
}
