package dev.stackyard.core.process;

import java.time.Duration;

/**
 * Tells whether a freshly spawned process is ready to serve. The manager calls it repeatedly on
 * the starting thread, with a short pause between calls that ends early if the process exits.
 */
@FunctionalInterface
public interface ReadinessCheck {

    /** Ready as soon as the process is alive (it has exec'd its program). */
    ReadinessCheck ALIVE = (pid, timeout) -> true;

    /**
     * Ready once the process has stayed alive for {@code settle} (supervisord's "startsecs"): for
     * programs with nothing to probe, so that one that dies at once is a failed start. A fresh
     * instance per start: it remembers when it was first asked.
     */
    static ReadinessCheck aliveFor(Duration settle) {
        long[] first = {0};
        return (pid, timeout) -> {
            long now = System.nanoTime();
            if (first[0] == 0) {
                first[0] = now;
            }
            return now - first[0] >= settle.toNanos();
        };
    }

    /**
     * One attempt. Return true when ready; false, or throw {@link NotReady} with a reason, when not
     * yet (the reason of the last one is reported if the deadline passes). Anything else it throws
     * is a bug in the check: the start fails at once ({@link StartFailedException.Reason#CHECK_FAILED}),
     * with the exception as its cause.
     *
     * @param pid     the process being started
     * @param timeout how long this attempt may block at most
     * @throws InterruptedException when the starting thread is interrupted (the start fails)
     */
    boolean isReady(long pid, Duration timeout) throws NotReady, InterruptedException;

    /** The check's answer "not ready yet", with a reason a person can read. */
    final class NotReady extends Exception {
        private static final long serialVersionUID = 1L;

        public NotReady(String reason) {
            super(reason, null, false, false);
        }
    }
}
