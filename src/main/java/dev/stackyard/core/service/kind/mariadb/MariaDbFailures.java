package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.process.ExitStatus;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Why a MariaDB server did not start, as one sentence for a person: a pure function of its exit
 * status, its last log lines and what the manager knows. No I/O: the caller looks up who holds the
 * port first (see {@link #isPortConflict}).
 */
final class MariaDbFailures {
    private MariaDbFailures() {
    }

    /**
     * What the explanation may mention.
     *
     * @param serverAccount who runs the server (this user, or mysql as root)
     * @param portHolder    who holds the port, when known
     */
    record Context(String id, int port, Path dataDir, String serverAccount, Optional<String> portHolder) {
    }

    /** Whether the log says the port was taken. */
    static boolean isPortConflict(List<String> logTail) {
        return has(logTail, "Do you already have another server running on port")
                || has(logTail, "Address already in use");
    }

    /** The sentence for a failed start, or {@code fallback} when the log shows no known cause. */
    static String explain(Optional<ExitStatus> status, List<String> tail, Context c, String fallback) {
        String prefix = c.id() + " could not start: ";
        if (isPortConflict(tail)) {
            return prefix + c.portHolder().orElse("port " + c.port() + " is already in use")
                    + "; choose another port or stop what holds it";
        }
        if (has(tail, "Unable to lock") || has(tail, "Could not get lock on") || has(tail, "aria_log_control")
                && has(tail, "lock")) {
            return prefix + "another MariaDB server holds " + c.dataDir() + "; stop it first";
        }
        if (has(tail, "No space left on device") || has(tail, "Disk is full") || has(tail, "errno: 28")) {
            return prefix + "the disk holding " + c.dataDir() + " is full; free some space and start again";
        }
        if (has(tail, "Upgrade after a crash is not supported") || has(tail, "Unknown redo log format")
                || has(tail, "is of a newer version") || has(tail, "format is not supported")) {
            return prefix + c.dataDir() + " was made by another MariaDB version that this server cannot read;"
                    + " set the matching version for this service";
        }
        if (has(tail, "Please consult the Knowledge Base to find out how to run mysqld as root")) {
            return prefix + "MariaDB refuses to run as root; run Stackyard as an ordinary user";
        }
        if (has(tail, "The socket file path is too long")) {
            return prefix + "its socket path is too long for a unix socket; use a shorter STACKYARD_HOME";
        }
        Optional<String> denied = tail.stream()
                .filter(l -> l.contains("Permission denied") || l.contains("errno: 13")).findFirst();
        if (denied.isPresent()) {
            return prefix + "mariadbd (running as " + c.serverAccount() + ") was refused access: " + denied.get().strip()
                    + "; check the owner and mode of " + c.dataDir();
        }
        return fallback;
    }

    /** Why a data folder made by {@code folderVersion} cannot be run by {@code serverVersion}, or empty when it can. */
    static Optional<String> versionMismatch(String id, Path data, String folderVersion, String serverVersion) {
        String folder = MariaDbVersions.series(folderVersion);
        String server = MariaDbVersions.series(serverVersion);
        int cmp = MariaDbVersions.compare(folder, server);
        if (cmp == 0) {
            return Optional.empty();
        }
        if (cmp > 0) {
            return Optional.of(id + " cannot start: " + data + " was made by MariaDB " + folderVersion
                    + ", newer than this MariaDB " + serverVersion + ", which cannot read it; set version: " + folder
                    + " for this service (stackyard install mariadb " + folder + ")");
        }
        return Optional.of(id + " cannot start: " + data + " was made by MariaDB " + folderVersion + " and this is MariaDB "
                + serverVersion + "; Stackyard never upgrades a data folder by itself: set version: " + folder
                + " for this service, or upgrade the folder yourself with mariadb-upgrade and then set version: " + server);
    }

    private static boolean has(List<String> lines, String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }
}
