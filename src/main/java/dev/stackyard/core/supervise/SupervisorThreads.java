package dev.stackyard.core.supervise;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The supervisor's threads: one scheduler thread for all bookkeeping (see {@link SupervisionTrack}),
 * an action pool for registry calls that may take seconds, and a probe pool for health probes and
 * log rotation. Once closed, new work is dropped silently.
 */
final class SupervisorThreads {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stackyard-supervisor").daemon(true).factory());
    final ExecutorService actions = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("stackyard-supervisor-action-", 0).daemon(true).factory());
    final ExecutorService probes = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("stackyard-probe-", 0).daemon(true).factory());
    private volatile boolean closed;

    boolean closed() {
        return closed;
    }

    /** Runs {@code task} on the scheduler thread; a failure is logged, never thrown. */
    void post(Runnable task) {
        execute(timer, () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("supervisor task failed", e);
            }
        });
    }

    /** Runs {@code task} on {@code executor} unless closed. */
    void execute(ExecutorService executor, Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("supervisor closed: task dropped");
        }
    }

    /** From now on work is dropped; the pools keep running until {@link #shutdown()}. */
    void markClosed() {
        closed = true;
    }

    /** Cancels timers and probes; registry calls under way finish. */
    void shutdown() {
        timer.shutdownNow();
        probes.shutdownNow();
        actions.shutdown();
    }
}
