package dev.stackyard.core.bundle;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a running install to stop: the install checks it between steps and between chunks, and a
 * download blocked on a silent server is woken by closing its stream. Thread-safe; one per install.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile Closeable blocking;

    /** Cancels; safe to call from any thread, any number of times. */
    public void cancel() {
        cancelled.set(true);
        Closeable c = blocking;
        if (c != null) {
            try {
                c.close();
            } catch (IOException e) {
                // The reader sees the cancel flag either way; a failed close changes nothing.
            }
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Throws when cancelled or when this thread was interrupted (which also counts as a cancel). */
    public void check(String what) throws InstallCancelledException {
        if (Thread.currentThread().isInterrupted()) {
            cancelled.set(true);
        }
        if (cancelled.get()) {
            throw new InstallCancelledException(what);
        }
    }

    /** While set, {@link #cancel()} closes {@code c} to wake a blocked read; null clears it. */
    void whileBlocked(Closeable c) {
        blocking = c;
        if (c != null && cancelled.get()) {
            cancel();
        }
    }
}
