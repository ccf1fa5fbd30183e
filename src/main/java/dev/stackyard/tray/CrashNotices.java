package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which state changes deserve a desktop notification, and words it. A service that
 * crashes (RUNNING → FAILED, or → BACKOFF where a supervisor restarts it), goes FATAL, or fails to
 * start (STARTING → FAILED) produces one; a stop the person asked for (STOPPING → ...) never does.
 * Per service at most one per {@code window}; crashes in between are counted and the next notice
 * says how many there were.
 *
 * <p>Not thread-safe: the owner serialises calls (one listener thread at a time).
 */
public final class CrashNotices {
    private static final Pattern SIGNAL = Pattern.compile("signal (?:[A-Z]+ \\()?(\\d+)");
    private static final Pattern EXIT = Pattern.compile("exit(?: code)? (-?\\d+)");
    static final int BODY_LINES = 3;

    /** One notification: about {@code serviceId}, with its Show-log action. */
    public record Notice(String serviceId, String summary, String body) {
    }

    private final Duration window;
    private final Map<String, ServiceState> last = new HashMap<>();
    private final Map<String, Instant> lastNotice = new HashMap<>();
    private final Map<String, Integer> suppressed = new HashMap<>();

    public CrashNotices(Duration window) {
        this.window = window;
    }

    /** Remembers the states of a fresh set of services, notifying nothing. */
    public void prime(List<ServiceSnapshot> all) {
        all.forEach(s -> last.put(s.id(), s.state()));
    }

    /** The notice for this change of one service, if it deserves one now. */
    public Optional<Notice> on(ServiceSnapshot next, Instant now) {
        ServiceState before = last.put(next.id(), next.state());
        if (before == null || before == next.state()) {
            return Optional.empty();
        }
        Optional<String> summary = summary(before, next);
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        Instant previous = lastNotice.get(next.id());
        if (previous != null && Duration.between(previous, now).compareTo(window) < 0) {
            suppressed.merge(next.id(), 1, Integer::sum);
            return Optional.empty();
        }
        lastNotice.put(next.id(), now);
        Integer more = suppressed.remove(next.id());
        String body = body(next);
        if (more != null) {
            String count = more == 1 ? "1 more failure" : more + " more failures";
            body = count + " since the last notice.\n" + body;
        }
        return Optional.of(new Notice(next.id(), summary.get(), body.strip()));
    }

    /** "redis crashed (signal 9)", "pg failed to start", "worker went FATAL", or empty: no notice. */
    static Optional<String> summary(ServiceState before, ServiceSnapshot next) {
        String to = next.state().name();
        String from = before.name();
        String id = next.id();
        if (from.equals("STOPPING")) {
            return Optional.empty(); // asked for: whatever the stop ended in, the row says it
        }
        if (to.equals("FATAL")) {
            return Optional.of(id + " went FATAL" + cause(next.lastError()).map(c -> " (" + c + ")").orElse(""));
        }
        boolean crashed = from.equals("RUNNING") && (to.equals("FAILED") || to.equals("BACKOFF"));
        if (crashed) {
            return Optional.of(id + " crashed" + cause(next.lastError()).map(c -> " (" + c + ")").orElse(""));
        }
        if (from.equals("STARTING") && (next.state() == ServiceState.FAILED || to.equals("BACKOFF"))) {
            return Optional.of(id + " failed to start");
        }
        return Optional.empty();
    }

    /** "signal 9" or "exit 1" from the engine's reason ("... (killed by signal KILL (9))"). */
    static Optional<String> cause(String lastError) {
        if (lastError == null) {
            return Optional.empty();
        }
        Matcher m = SIGNAL.matcher(lastError);
        if (m.find()) {
            return Optional.of("signal " + m.group(1));
        }
        m = EXIT.matcher(lastError);
        if (m.find()) {
            return Optional.of("exit " + m.group(1));
        }
        return Optional.empty();
    }

    /** The last three log lines, else the reason. */
    static String body(ServiceSnapshot s) {
        List<String> tail = s.logTail().stream().filter(l -> !l.isBlank()).toList();
        if (tail.isEmpty()) {
            return s.lastError() == null ? "" : s.lastError();
        }
        return String.join("\n", tail.subList(Math.max(0, tail.size() - BODY_LINES), tail.size()));
    }
}
