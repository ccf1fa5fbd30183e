package dev.stackyard.core.service;

/**
 * Told of every change of a service's snapshot. Called on whichever thread made the change (a
 * start or stop caller, the process core's event thread); must return quickly and never block.
 * A window hands the snapshot to its UI thread.
 */
@FunctionalInterface
public interface ServiceListener {
    void onChange(ServiceSnapshot snapshot);
}
