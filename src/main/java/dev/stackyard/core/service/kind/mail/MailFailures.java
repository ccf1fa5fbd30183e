package dev.stackyard.core.service.kind.mail;

import java.util.List;

/** Why the mail catcher did not start, as one sentence: a pure function of its log lines. */
final class MailFailures {
    private MailFailures() {
    }

    /** The sentence, or {@code fallback} (the process core's message) when the log shows no known cause. */
    static String explain(List<String> tail, String id, int smtpPort, int httpPort, String fallback) {
        if (tail.stream().anyMatch(l -> l.contains("a port is already in use") || l.contains("Address already in use"))) {
            return id + " could not start: port " + smtpPort + " (SMTP) or " + httpPort
                    + " (its page) is already in use; choose other ports (port, httpPort)";
        }
        if (tail.stream().anyMatch(l -> l.contains("AccessDeniedException") || l.contains("Permission denied"))) {
            return id + " could not start: it cannot write its messages folder (permission denied); check its owner and mode";
        }
        if (tail.stream().anyMatch(l -> l.contains("OutOfMemoryError"))) {
            return id + " ran out of memory; lower maxMessageSize";
        }
        return fallback;
    }
}
