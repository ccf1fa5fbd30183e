package dev.stackyard.core.process;

/**
 * Receives {@link ProcessEvent}s. Called on the manager's single event thread, in the order the
 * events happened; an implementation must return quickly and never block (hand slow work to
 * another executor). An exception thrown here is logged and does not stop other listeners.
 */
@FunctionalInterface
public interface ProcessListener {
    void onEvent(ProcessEvent event);
}
