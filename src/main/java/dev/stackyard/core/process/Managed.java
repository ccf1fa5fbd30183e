package dev.stackyard.core.process;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One process a manager knows to be its own and running (or just exited): its identity, the pidfd
 * that signals it, and the future its exit completes (from {@link Process#onExit} for a child, from
 * the {@link ExitWatcher} for an adopted one).
 */
final class Managed {
    final String id;
    volatile ProcessIdentity identity;
    final int pidfd;
    final Process child;
    final CompletableFuture<ExitStatus> exit;
    final Instant startedAt;
    final boolean adopted;
    final Path logFile;
    final Path pidFile;
    final StopPolicy stopPolicy;
    final List<String> argv;
    /** The {@link ServiceMarker} its start gave it, or null (a record written before marks). */
    final String marker;
    volatile boolean starting;
    volatile boolean expectingExit;
    volatile ExitWatcher.Watch watch;
    private boolean pidfdClosed;

    Managed(String id, ProcessIdentity identity, int pidfd, Process child, CompletableFuture<ExitStatus> exit,
            Instant startedAt, boolean adopted, Path logFile, Path pidFile, StopPolicy stopPolicy,
            List<String> argv, String marker) {
        this.id = id;
        this.identity = identity;
        this.pidfd = pidfd;
        this.child = child;
        this.exit = exit;
        this.startedAt = startedAt;
        this.adopted = adopted;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.stopPolicy = stopPolicy;
        this.argv = argv;
        this.marker = marker;
    }

    long pid() {
        return identity.pid();
    }

    ProcessInfo info() {
        return new ProcessInfo(id, identity, startedAt, adopted, logFile, pidFile, stopPolicy);
    }

    StateFile state() {
        return new StateFile(identity, identity.pid(), startedAt, stopPolicy, logFile, pidFile, argv, marker);
    }

    /** Whether it exited within {@code timeout}. */
    boolean awaitExit(Duration timeout) {
        return waitFor(exit, timeout).isPresent();
    }

    /**
     * Forgets it: ends its exit watch and closes its pidfd. Only ever called with the id's lock held,
     * after the exit or once the manager has let go of it, so no signal can race it.
     */
    synchronized void release() {
        ExitWatcher.Watch w = watch;
        if (w != null) {
            w.cancel();
        }
        if (pidfd >= 0 && !pidfdClosed) {
            pidfdClosed = true;
            Native.close(pidfd);
        }
    }

    static Optional<ExitStatus> waitFor(CompletableFuture<ExitStatus> exit, Duration timeout) {
        try {
            return Optional.of(exit.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(ExitStatus.unknown());
        }
    }
}
