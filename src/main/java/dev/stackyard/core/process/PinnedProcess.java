package dev.stackyard.core.process;

import java.time.Duration;
import java.util.Optional;

/**
 * A process other than the leader, held by a pidfd so a reused PID is never hit. {@code escaped}:
 * found only by its {@link ServiceMarker}, outside the leader's group and tree.
 */
final class PinnedProcess {
    final long pid;
    final int pidfd;
    final boolean escaped;

    private PinnedProcess(long pid, int pidfd, boolean escaped) {
        this.pid = pid;
        this.pidfd = pidfd;
        this.escaped = escaped;
    }

    /** Opens a pidfd and checks the start ticks again behind it; null when it is gone. */
    static PinnedProcess open(ProcFs.Stat seen) {
        return open(seen, false);
    }

    /** {@link #open(ProcFs.Stat)} for a process found by its mark outside the group and tree. */
    static PinnedProcess open(ProcFs.Stat seen, boolean escaped) {
        int fd = Native.pidfdOpenIfAlive(seen.pid());
        if (fd < 0) {
            return null;
        }
        Optional<ProcFs.Stat> now = ProcFs.stat(seen.pid());
        if (now.isEmpty() || now.get().startTicks() != seen.startTicks()) {
            Native.close(fd);
            return null;
        }
        return new PinnedProcess(seen.pid(), fd, escaped);
    }

    boolean isRunning() {
        return !Native.pollReadable(new int[]{pidfd}, 0)[0];
    }

    void signal(Signal signal) {
        try {
            Native.pidfdSendSignal(pidfd, signal.number());
        } catch (Native.NativeException e) {
            if (e.errno() != Native.ESRCH) {
                throw e;
            }
        }
    }

    void kill() {
        signal(Signal.KILL);
    }

    /**
     * Waits up to {@code timeout} for the exit, reaps it when it was re-parented to this JVM (a
     * {@link Subreaper}; never a child the JDK spawned, which is never pinned), and closes the pidfd.
     */
    void awaitAndClose(Duration timeout) {
        if (Native.pollReadable(new int[]{pidfd}, timeout.toMillis())[0]) {
            Native.reapIfChild(pidfd);
        }
        close();
    }

    void close() {
        Native.close(pidfd);
    }
}
