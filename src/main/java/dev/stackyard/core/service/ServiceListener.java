package dev.stackyard.core.service;

/**
 * Told of every change of a service's snapshot by a {@link ServiceRegistry}, for as long as the
 * registry lives (it outlives config changes, so a listener registered once sees every service the
 * config will ever hold).
 *
 * <p>Threading: called on whichever thread made the change: a caller of start or stop, one of the
 * registry's worker threads (parallel starts and stops, exits reported by the process core), the
 * thread running {@link ServiceRegistry#refresh()}, or the thread applying a config change. Calls
 * for one service come one at a time and in order (they are made under that service's lock);
 * calls for different services may come at once from different threads. So a listener must be
 * thread-safe, return quickly and never block or call back into the registry's start or stop: a
 * window hands the snapshot to its UI thread, a supervisor to its own queue.
 *
 * <p>A new service added by a config change announces itself by no event until its state changes;
 * read {@link ServiceRegistry#snapshots()} after {@link ServiceRegistry#applyConfig}. A removed
 * service's last event is the one its stop produced.
 */
@FunctionalInterface
public interface ServiceListener {
    void onChange(ServiceSnapshot snapshot);
}
