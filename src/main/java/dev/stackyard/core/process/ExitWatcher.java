package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Watches the exits of adopted processes (not our children, so {@link Process#onExit} cannot) with
 * ONE thread that {@code poll}s all their pidfds at once, plus an eventfd that wakes it when the set
 * changes or the watcher closes. A manager that adopts and forgets processes all day therefore holds
 * one thread and one descriptor per process it still watches, no more.
 *
 * <p>Each watch owns a duplicate of the caller's pidfd, opened in {@link #watch} and closed only by
 * the watcher thread between two polls, so the caller may close its own pidfd whenever it likes and
 * a descriptor number reused elsewhere is never polled. The thread starts with the first watch.
 *
 * <p>Thread-safety: every method may be called from any thread. Exit futures are completed on the
 * watcher thread, so their callbacks must not block.
 */
final class ExitWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExitWatcher.class);

    private final String name;
    private final Set<Watch> watched = new LinkedHashSet<>();
    private final List<Watch> retired = new ArrayList<>();
    private int wakeFd = -1;
    private Thread thread;
    private boolean closed;

    /** One watched process; {@link #cancel} forgets it without completing its future. */
    final class Watch {
        private final int fd;
        private final CompletableFuture<ExitStatus> exit;

        private Watch(int fd, CompletableFuture<ExitStatus> exit) {
            this.fd = fd;
            this.exit = exit;
        }

        /** Stops watching; the duplicate pidfd is closed by the watcher thread. Idempotent. */
        void cancel() {
            synchronized (ExitWatcher.this) {
                if (watched.remove(this)) {
                    retired.add(this);
                    Native.eventfdSignal(wakeFd);
                }
            }
        }
    }

    ExitWatcher(String name) {
        this.name = name;
    }

    /**
     * Completes {@code exit} with {@link ExitStatus#unknown()} once the process behind {@code pidfd}
     * has exited (the exit status of a process that is not our child cannot be read).
     *
     * @throws IllegalStateException when the watcher is closed
     */
    synchronized Watch watch(int pidfd, CompletableFuture<ExitStatus> exit) {
        if (closed) {
            throw new IllegalStateException("exit watcher closed");
        }
        if (thread == null) {
            wakeFd = Native.eventfd();
            thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::run);
            thread.start();
        }
        Watch w = new Watch(Native.dup(pidfd), exit);
        watched.add(w);
        Native.eventfdSignal(wakeFd);
        return w;
    }

    /** How many processes are watched now. */
    synchronized int size() {
        return watched.size();
    }

    /** The watcher thread, or null before the first watch. */
    synchronized Thread thread() {
        return thread;
    }

    private void run() {
        try {
            while (true) {
                List<Watch> round;
                int wake;
                synchronized (this) {
                    closeRetired();
                    if (closed) {
                        return;
                    }
                    round = new ArrayList<>(watched);
                    wake = wakeFd;
                }
                int[] fds = new int[round.size() + 1];
                fds[0] = wake;
                for (int i = 0; i < round.size(); i++) {
                    fds[i + 1] = round.get(i).fd;
                }
                boolean[] readable = Native.pollReadable(fds, -1);
                if (readable[0]) {
                    Native.eventfdDrain(wake);
                }
                for (int i = 0; i < round.size(); i++) {
                    if (readable[i + 1]) {
                        Watch w = round.get(i);
                        boolean mine;
                        synchronized (this) {
                            mine = watched.remove(w);
                            if (mine) {
                                retired.add(w);
                            }
                        }
                        if (mine) {
                            w.exit.complete(ExitStatus.unknown());
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("{}: exit watching failed; adopted processes' exits go unnoticed", name, e);
        } finally {
            synchronized (this) {
                closed = true;
                retired.addAll(watched);
                watched.clear();
                closeRetired();
                Native.close(wakeFd);
                wakeFd = -1;
            }
        }
    }

    private void closeRetired() {
        for (Watch w : retired) {
            Native.close(w.fd);
        }
        retired.clear();
    }

    /**
     * Ends the watcher thread and closes every descriptor it holds. Futures still pending stay
     * pending: the processes live on, only nobody watches them here any more.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed || thread == null) {
                closed = true;
                return;
            }
            closed = true;
            Native.eventfdSignal(wakeFd);
            t = thread;
        }
        if (t != Thread.currentThread()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
