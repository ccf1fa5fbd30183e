package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.process.ExitStatus;

import java.util.List;
import java.util.Optional;

/** Why redis did not start, or had to be killed at stop, as one sentence: pure functions of its log lines. */
final class RedisFailures {
    private RedisFailures() {
    }

    /** @param portHolder who holds the port ("port 6379 is already in use by PID 42 (node)"), when known */
    record Context(String id, int port, String dataDir, Optional<String> portHolder) {
        Context(String id, int port, String dataDir) {
            this(id, port, dataDir, Optional.empty());
        }
    }

    /** Whether the log says the port was taken (by the time redis bound it: the check before can be overtaken). */
    static boolean isPortConflict(List<String> tail) {
        return tail.stream().anyMatch(l -> l.contains("Address already in use"));
    }

    /** The sentence, or {@code fallback} (the process core's message) when the log shows no known cause. */
    static String explain(Optional<ExitStatus> status, List<String> tail, Context c, String fallback) {
        if (isPortConflict(tail)) {
            return c.portHolder().map(who -> c.id() + " could not start: " + who + "; stop that program or choose another port")
                    .orElse(c.id() + " could not start: port " + c.port() + " is already in use; choose another port");
        }
        if (tail.stream().anyMatch(l -> l.contains("Can't chdir to") || l.contains("Permission denied"))) {
            return c.id() + " could not start: it cannot use its data folder " + c.dataDir()
                    + " (permission denied); check its owner and mode";
        }
        return fallback;
    }

    /** After a stop that needed KILL: whether the log says the final save failed ("can't exit"). */
    static Optional<String> stopProblem(boolean killed, List<String> tail, Context c) {
        if (killed && tail.stream().anyMatch(l -> l.contains("can't exit") || l.contains("Errors trying to SHUT DOWN"))) {
            return Optional.of(c.id() + " could not save its data at shutdown and said it \"can't exit\", so it was killed;"
                    + " the last changes may be lost (check that " + c.dataDir() + " is writable)");
        }
        return Optional.empty();
    }
}
