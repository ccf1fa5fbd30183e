package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The manager's event bus: delivers each {@link ProcessEvent} to every listener, in publishing
 * order, on one event thread. A listener that throws is logged and the others still get the event.
 * After {@link #close} events are dropped.
 */
final class ProcessEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessEvents.class);

    private final List<ProcessListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("stackyard-process-events-", 0).daemon(true).factory());

    void add(ProcessListener listener) {
        listeners.add(listener);
    }

    void remove(ProcessListener listener) {
        listeners.remove(listener);
    }

    /** Queues {@code event} for every listener; never blocks. */
    void publish(ProcessEvent event) {
        try {
            thread.execute(() -> {
                for (ProcessListener l : listeners) {
                    try {
                        l.onEvent(event);
                    } catch (RuntimeException e) {
                        log.error("process listener failed on {}", event, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("closed: {} not published", event);
        }
    }

    /** Delivers what is queued (waiting up to two seconds for it), then ends the event thread. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
    }
}
