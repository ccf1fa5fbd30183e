package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.process.ExitStatus;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Why a postgres server did not start, as one sentence for a person: a pure function of its exit
 * status, its last log lines and what the manager knows about it. No I/O: the caller looks up
 * what holds a port before asking (see {@link #isPortConflict}).
 */
final class PostgresFailures {
    private PostgresFailures() {
    }

    /**
     * What the explanation may mention.
     *
     * @param serverAccount who runs the server (this user, or the postgres account as root)
     * @param portHolder    who holds the port ("port 5432 is used by PID 42 (postgres)"), when known
     */
    record Context(String id, int port, Path dataDir, Path socketDir, String serverAccount, Optional<String> portHolder) {
    }

    /** Whether the log says the port was taken (then the caller fills {@link Context#portHolder}). */
    static boolean isPortConflict(List<String> logTail) {
        return has(logTail, "could not create any TCP/IP sockets") || has(logTail, "Address already in use");
    }

    /**
     * The sentence for a failed start, or {@code fallback} (the process core's own message) when
     * the log shows no known cause.
     */
    static String explain(Optional<ExitStatus> status, List<String> tail, Context c, String fallback) {
        String prefix = c.id() + " could not start: ";
        if (isPortConflict(tail)) {
            String who = c.portHolder().orElse("port " + c.port() + " is already in use");
            return prefix + who + "; choose another port or stop what holds it";
        }
        if (has(tail, "pre-existing shared memory block")) {
            return prefix + "processes of an earlier postgres server on " + c.dataDir() + " are still running and hold"
                    + " its shared memory; stop them (or wait for them to exit) and start again";
        }
        if (has(tail, ".s.PGSQL.") && has(tail, "already exists")) {
            return prefix + "another postgres already uses the socket for port " + c.port() + " in " + c.socketDir()
                    + "; choose another port or stop that server";
        }
        if (has(tail, "lock file") && has(tail, "already exists")) {
            return prefix + "another postgres seems to be running on " + c.dataDir() + " (its postmaster.pid names a live"
                    + " process); stop it, or if none is running, delete " + c.dataDir().resolve("postmaster.pid");
        }
        if (has(tail, "has invalid permissions")) {
            return prefix + c.dataDir() + " must be mode 0700 or 0750; fix it with: chmod 700 " + c.dataDir();
        }
        if (has(tail, "has wrong ownership")) {
            return prefix + c.dataDir() + " must belong to the account that runs postgres (" + c.serverAccount() + ")";
        }
        if (has(tail, "database files are incompatible with server")) {
            return prefix + c.dataDir() + " was made by another PostgreSQL major version; set the matching version for"
                    + " this service or upgrade the cluster with pg_upgrade";
        }
        if (has(tail, "\"root\" execution of the PostgreSQL server is not permitted")) {
            return prefix + "PostgreSQL refuses to run as root; run Stackyard as an ordinary user";
        }
        Optional<String> denied = tail.stream().filter(l -> l.contains("Permission denied")).findFirst();
        if (denied.isPresent()) {
            return prefix + "postgres (running as " + c.serverAccount() + ") was refused access: " + denied.get().strip()
                    + "; check the owner and mode of that path";
        }
        return fallback;
    }

    private static boolean has(List<String> lines, String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }
}
