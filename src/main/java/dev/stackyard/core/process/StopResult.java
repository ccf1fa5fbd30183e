package dev.stackyard.core.process;

import java.time.Duration;

/** How a stop ended and how long it took. */
public record StopResult(String id, Outcome outcome, ExitStatus status, Duration took) {

    public enum Outcome {
        /** Nothing was running (stale files, if any, were removed). */
        ALREADY_STOPPED,
        /** The first signal of the ladder was enough. */
        GRACEFUL,
        /** A later signal of the ladder was needed. */
        ESCALATED,
        /** The ladder ran out (or the deadline came) and the group was killed. */
        KILLED
    }
}
