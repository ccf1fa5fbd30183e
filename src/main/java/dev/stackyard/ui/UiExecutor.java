package dev.stackyard.ui;

import javafx.application.Platform;

/**
 * The one way view models reach the UI thread. Background work (starts, stops, probes, log reads)
 * hands its results here; view-model properties are only ever changed through it.
 *
 * <p>{@link #fx()} queues on the JavaFX application thread, in call order; {@link #inline()} runs
 * at once on the calling thread, for tests without a toolkit.
 */
@FunctionalInterface
public interface UiExecutor {

    /** Runs {@code action} on the UI thread, later; never blocks the caller. */
    void run(Runnable action);

    /**
     * The JavaFX application thread. Always queues (even when called on that thread) so that
     * updates apply in the order they were handed over. Once the toolkit has exited, updates are
     * dropped: nobody is looking any more.
     */
    static UiExecutor fx() {
        return action -> {
            try {
                Platform.runLater(action);
            } catch (IllegalStateException toolkitGone) {
                // The toolkit has exited (quit in progress): there is no window to update.
            }
        };
    }

    /** Runs on the calling thread, at once: for view-model tests. */
    static UiExecutor inline() {
        return Runnable::run;
    }
}
