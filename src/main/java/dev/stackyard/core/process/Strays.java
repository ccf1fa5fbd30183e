package dev.stackyard.core.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Killing processes that are not in a managed process group (postgres backends make their own
 * groups and can outlive a killed postmaster). Each process is pinned by a pidfd and its start
 * ticks are checked behind it, so a PID reused in the meantime is never hit; the wait is a
 * {@code poll} on the pidfds, not a sleep loop.
 */
public final class Strays {
    private Strays() {
    }

    /**
     * KILLs each process that is still the one seen (same start ticks; never PID 1 or this JVM)
     * and waits until all have exited (a zombie counts as exited), at most {@code wait}.
     *
     * @return the PIDs still running when the wait ran out
     */
    public static List<Long> killAndAwait(List<ProcFs.Stat> seen, Duration wait) {
        long self = ProcessHandle.current().pid();
        List<PinnedProcess> pinned = new ArrayList<>();
        for (ProcFs.Stat s : seen) {
            if (s.pid() > 1 && s.pid() != self) {
                PinnedProcess p = PinnedProcess.open(s);
                if (p != null) {
                    pinned.add(p);
                }
            }
        }
        try {
            pinned.forEach(PinnedProcess::kill);
            long deadline = System.nanoTime() + wait.toNanos();
            List<Long> alive = new ArrayList<>();
            for (PinnedProcess p : pinned) {
                long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
                if (!Native.pollReadable(new int[]{p.pidfd}, left)[0]) {
                    alive.add(p.pid);
                }
            }
            return alive;
        } finally {
            pinned.forEach(PinnedProcess::close);
        }
    }
}
