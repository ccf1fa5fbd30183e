package dev.stackyard.core.service;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a service as a person sees it. Transitions are checked by {@link #checkTransition}.
 *
 * <p>BACKOFF and FATAL belong to supervision (package {@code core.supervise}): BACKOFF is "exited
 * unexpectedly, a new start is scheduled"; FATAL is "gave up after a crash loop or failed health
 * checks; nothing more happens until someone starts it". Nothing runs in either.
 */
public enum ServiceState {
    STOPPED, STARTING, RUNNING, STOPPING, FAILED, NOT_INSTALLED, BACKOFF, FATAL;

    /** The states this one may move to. */
    public Set<ServiceState> next() {
        return switch (this) {
            // RUNNING straight from STOPPED: adopted from another Stackyard process.
            // BACKOFF/FATAL from STOPPED: after the supervisor stopped a service whose health failed.
            case STOPPED -> EnumSet.of(STARTING, RUNNING, STOPPING, NOT_INSTALLED, FAILED, BACKOFF, FATAL);
            case STARTING -> EnumSet.of(RUNNING, FAILED);
            // STOPPED from RUNNING: stopped by another Stackyard process (CLI while the window is open).
            case RUNNING -> EnumSet.of(STOPPING, FAILED, STOPPED);
            case STOPPING -> EnumSet.of(STOPPED, FAILED);
            // BACKOFF/FATAL from FAILED: the supervisor's verdict on a crash or a failed start.
            case FAILED -> EnumSet.of(STARTING, STOPPING, STOPPED, RUNNING, NOT_INSTALLED, BACKOFF, FATAL);
            case NOT_INSTALLED -> EnumSet.of(STOPPED, RUNNING);
            // STARTING: the scheduled restart, or a user start; STOPPED: a user stop cancels it;
            // RUNNING: started by another front end and adopted; FATAL: the restart was cancelled
            // for good (e.g. health restart whose stop failed).
            case BACKOFF -> EnumSet.of(STARTING, STOPPED, RUNNING, FATAL, NOT_INSTALLED, FAILED);
            case FATAL -> EnumSet.of(STARTING, STOPPED, RUNNING, STOPPING, NOT_INSTALLED, FAILED);
        };
    }

    /** True for states in which the service's process is (or may be) alive. */
    public boolean isActive() {
        return this == STARTING || this == RUNNING || this == STOPPING;
    }

    /**
     * @throws IllegalStateException naming the service, its state and the allowed next states
     */
    public static void checkTransition(String id, ServiceState from, ServiceState to) {
        if (from != to && !from.next().contains(to)) {
            throw new IllegalStateException("service '" + id + "' cannot go from " + from + " to " + to
                    + "; from " + from + " it may go to " + from.next());
        }
    }
}
