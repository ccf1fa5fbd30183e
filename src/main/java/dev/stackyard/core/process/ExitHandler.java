package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What happens when a managed process exits: an {@link ProcessEvent.Exited} saying whether anyone
 * asked for it, and, when this manager did not stop it itself, the clean-up (after a crash: group
 * leftovers killed; always: files removed, pidfd closed, process forgotten) on a clean-up thread.
 */
final class ExitHandler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExitHandler.class);

    private final StateDir files;
    private final ProcessTable table;
    private final ProcessEvents events;
    private final ExecutorService cleanup = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("stackyard-process-cleanup-", 0).daemon(true).factory());

    ExitHandler(StateDir files, ProcessTable table, ProcessEvents events) {
        this.files = files;
        this.table = table;
        this.events = events;
    }

    /** Handles the exit of {@code m} when its exit future completes (on the thread completing it). */
    void follow(Managed m) {
        m.exit.whenComplete((status, error) -> onExit(m, status != null ? status : ExitStatus.unknown()));
    }

    private void onExit(Managed m, ExitStatus status) {
        boolean ours = m.expectingExit || m.starting; // our own stop or failed start forgets it itself
        boolean stoppedElsewhere = !ours && files.stopRecorded(m);
        events.publish(new ProcessEvent.Exited(m.id, m.pid(), status, ours || stoppedElsewhere, Instant.now()));
        if (ours) {
            return;
        }
        if (!stoppedElsewhere) {
            log.warn("{}: PID {} exited unexpectedly ({})", m.id, m.pid(), status.describe());
        }
        // Off the exit thread and under the id's lock, since a stop may hold it. A process another
        // manager stopped is only forgotten here (that stop kills its leftovers); after a crash its
        // leftovers are killed too. Once closed, the next manager to look cleans up instead.
        try {
            cleanup.execute(() -> {
                try {
                    files.withLock(m.id, () -> {
                        if (table.get(m.id) == m) {
                            if (stoppedElsewhere) {
                                table.forget(m);
                            } else {
                                cleanupAfterExitLocked(m);
                            }
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    log.error("{}: cleanup after exit failed", m.id, e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("closed: cleanup of {} left to the next manager", m.id);
        }
    }

    /**
     * After an exit nobody asked for: kill workers left in the group and processes that carry its
     * mark (escaped the group: a double fork, a child that kept the port), remove files, forget it.
     */
    void cleanupAfterExitLocked(Managed m) {
        GroupKill.killOrphans(m.id, m.pid(), m.identity.startTicks(), member -> true);
        GroupKill.killMarked(m.id, m.marker, m.identity.startTicks());
        table.forget(m);
    }

    /** Ends the clean-up threads, letting clean-ups under way finish (up to two seconds). */
    @Override
    public void close() {
        cleanup.shutdown();
        try {
            cleanup.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
