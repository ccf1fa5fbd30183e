package dev.stackyard.ui;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceState;

/**
 * Which of a row's actions are enabled. A pure function of the service's kind and state and
 * whether a command the window sent for it is still under way ({@code pending}: clicked, but the
 * registry has not answered yet), so a double click never sends two starts.
 */
public record RowActions(boolean start, boolean stop, boolean restart, boolean openInBrowser, boolean copyUrl,
                         boolean remove) {

    public static final RowActions NONE = new RowActions(false, false, false, false, false, false);

    public static RowActions of(ServiceKind kind, ServiceState state, boolean pending, boolean hasUrl) {
        if (pending) {
            return new RowActions(false, false, false, false, hasUrl, false);
        }
        boolean start = state == ServiceState.STOPPED || state == ServiceState.FAILED
                || state == ServiceState.BACKOFF || state == ServiceState.FATAL;
        // Stop on FAILED clears the failure (and anything a half-start left behind).
        // Stop in BACKOFF cancels the pending restart; on FATAL it clears the verdict.
        boolean stop = state == ServiceState.RUNNING || state == ServiceState.FAILED
                || state == ServiceState.BACKOFF || state == ServiceState.FATAL;
        boolean restart = state == ServiceState.RUNNING;
        boolean open = kind.spec().opensPage() && state == ServiceState.RUNNING && hasUrl;
        // Instances (postgres, redis: one per project) come and go; removing stops one first, not while a
        // start or stop of it is under way.
        boolean remove = kind.spec().instances().isPresent() && state != ServiceState.STARTING && state != ServiceState.STOPPING;
        return new RowActions(start, stop, restart, open, hasUrl, remove);
    }
}
