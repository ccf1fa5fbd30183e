package dev.stackyard.core.service.kind.phpfpm;

import dev.stackyard.core.process.ExitStatus;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Why php-fpm did not start, as one sentence: a pure function of exit status, log lines and its socket. */
final class PhpFpmFailures {
    /** php-fpm's exit status for a configuration it rejects (EX_CONFIG). */
    static final int EXIT_CONFIG = 78;
    private static final Pattern LOG_PREFIX = Pattern.compile("^\\[[^]]*]\\s+(?:ERROR|ALERT|WARNING):\\s*(.*)$");

    private PhpFpmFailures() {
    }

    record Context(String id, Path socket) {
    }

    /** The sentence, or {@code fallback} (the process core's message) when the log shows no known cause. */
    static String explain(Optional<ExitStatus> status, List<String> tail, Context c, String fallback) {
        if (tail.stream().anyMatch(l -> l.contains("Another FPM instance seems to already listen"))) {
            return c.id() + " could not start: another php-fpm already listens on its socket " + c.socket()
                    + "; stop that php-fpm first";
        }
        if (tail.stream().anyMatch(l -> l.contains("Address already in use"))) {
            return c.id() + " could not start: its socket " + c.socket() + " is already in use; stop whatever listens on it";
        }
        Optional<String> socketProblem = tail.stream()
                .filter(l -> l.contains(c.socket().toString()) && (l.contains("unable to bind") || l.contains("failed")))
                .map(PhpFpmFailures::message).findFirst();
        if (socketProblem.isPresent()) {
            return c.id() + " could not create its socket: " + socketProblem.get();
        }
        if (status.map(ExitStatus::code).filter(code -> code == EXIT_CONFIG).isPresent()) {
            String reason = tail.stream().filter(l -> LOG_PREFIX.matcher(l).matches())
                    .map(PhpFpmFailures::message)
                    .filter(m -> !m.startsWith("FPM initialization failed"))
                    .findFirst().orElse("see the log");
            return c.id() + " could not start: php-fpm rejected its configuration (" + reason + ")";
        }
        return fallback;
    }

    /** A log line without php-fpm's "[date] LEVEL: " prefix. */
    private static String message(String line) {
        Matcher m = LOG_PREFIX.matcher(line);
        return m.matches() ? m.group(1) : line.strip();
    }
}
