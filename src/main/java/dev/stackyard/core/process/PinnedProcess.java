package dev.stackyard.core.process;

import java.time.Duration;
import java.util.Optional;

/** A process other than the leader, held by a pidfd so a reused PID is never hit. */
final class PinnedProcess {
    final long pid;
    final int pidfd;

    private PinnedProcess(long pid, int pidfd) {
        this.pid = pid;
        this.pidfd = pidfd;
    }

    /** Opens a pidfd and checks the start ticks again behind it; null when it is gone. */
    static PinnedProcess open(ProcFs.Stat seen) {
        int fd = Native.pidfdOpenIfAlive(seen.pid());
        if (fd < 0) {
            return null;
        }
        Optional<ProcFs.Stat> now = ProcFs.stat(seen.pid());
        if (now.isEmpty() || now.get().startTicks() != seen.startTicks()) {
            Native.close(fd);
            return null;
        }
        return new PinnedProcess(seen.pid(), fd);
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

    void awaitAndClose(Duration timeout) {
        Native.pollReadable(new int[]{pidfd}, timeout.toMillis());
        close();
    }

    void close() {
        Native.close(pidfd);
    }
}
