package dev.stackyard.core.process;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A snapshot of a managed process.
 *
 * @param adopted true when an earlier manager started it and this one took it over
 * @param pidFile the PID file that names it (the daemon's own, or the manager's)
 * @param stopPolicy the ladder a stop will walk
 */
public record ProcessInfo(String id, ProcessIdentity identity, Instant startedAt, boolean adopted,
                          Path logFile, Path pidFile, StopPolicy stopPolicy) {
    public long pid() {
        return identity.pid();
    }
}
