package dev.stackyard.core.service.kind.nginx;

import dev.stackyard.core.process.ExitStatus;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why nginx did not start, as one sentence: a pure function of its exit status, its last log lines
 * and what the manager knows. No I/O: the caller looks up who holds the port first when {@link
 * #isPortConflict} says so.
 */
final class NginxFailures {
    private static final Pattern EMERG = Pattern.compile("\\[emerg]\\s+(?:\\d+#\\d+:\\s*(?:\\*\\d+\\s+)?)?(.*)$");

    private NginxFailures() {
    }

    /** @param portHolder who holds the port ("port 8080 is used by PID 42 (node)"), when known */
    record Context(String id, Integer port, Optional<String> portHolder) {
    }

    static boolean isPortConflict(List<String> tail) {
        return tail.stream().anyMatch(l -> l.contains("Address already in use") || l.contains("still could not bind()"));
    }

    /** The sentence, or {@code fallback} (the process core's message) when the log shows no known cause. */
    static String explain(Optional<ExitStatus> status, List<String> tail, Context c, String fallback) {
        if (c.port() != null && isPortConflict(tail)) {
            String who = c.portHolder().orElse("port " + c.port() + " is already in use");
            return c.id() + " could not start: " + who + "; stop that program or choose another port";
        }
        if (c.port() != null && tail.stream().anyMatch(l -> l.contains("bind()") && l.contains("Permission denied"))) {
            return c.id() + " could not start: port " + c.port() + " needs root privileges, as every port below 1024 does;"
                    + " choose a port from 1024 up";
        }
        Optional<String> emerg = tail.stream().map(EMERG::matcher).filter(Matcher::find).map(m -> m.group(1).strip())
                .findFirst();
        if (emerg.isPresent()) {
            return c.id() + " could not start: nginx said: " + emerg.get();
        }
        return fallback;
    }
}
