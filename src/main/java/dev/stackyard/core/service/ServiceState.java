package dev.stackyard.core.service;

import java.util.EnumSet;
import java.util.Set;

/** The life of a service as a person sees it. Transitions are checked by {@link #checkTransition}. */
public enum ServiceState {
    STOPPED, STARTING, RUNNING, STOPPING, FAILED, NOT_INSTALLED;

    /** The states this one may move to. */
    public Set<ServiceState> next() {
        return switch (this) {
            // RUNNING straight from STOPPED: adopted from another Stackyard process.
            case STOPPED -> EnumSet.of(STARTING, RUNNING, STOPPING, NOT_INSTALLED, FAILED);
            case STARTING -> EnumSet.of(RUNNING, FAILED);
            // STOPPED from RUNNING: stopped by another Stackyard process (CLI while the window is open).
            case RUNNING -> EnumSet.of(STOPPING, FAILED, STOPPED);
            case STOPPING -> EnumSet.of(STOPPED, FAILED);
            case FAILED -> EnumSet.of(STARTING, STOPPING, STOPPED, RUNNING, NOT_INSTALLED);
            case NOT_INSTALLED -> EnumSet.of(STOPPED, RUNNING);
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
