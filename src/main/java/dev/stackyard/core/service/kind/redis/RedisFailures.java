package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.process.ExitStatus;

import java.util.List;
import java.util.Optional;

/** Why redis did not start, or had to be killed at stop, as one sentence: pure functions of its log lines. */
final class RedisFailures {
    private RedisFailures() {
    }

    record Context(String id, int port, String dataDir) {
    }

    /** The sentence, or {@code fallback} (the process core's message) when the log shows no known cause. */
    static String explain(Optional<ExitStatus> status, List<String> tail, Context c, String fallback) {
        if (tail.stream().anyMatch(l -> l.contains("Address already in use"))) {
            return c.id() + " could not start: port " + c.port() + " is already in use; choose another port";
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
