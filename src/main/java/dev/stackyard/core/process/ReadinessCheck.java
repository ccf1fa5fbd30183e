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
     * One attempt. Return true when ready; false, or throw an {@link Exception}, when not yet (the
     * message of the last failure is reported if the deadline passes).
     *
     * @param pid     the process being started
     * @param timeout how long this attempt may block at most
     */
    boolean isReady(long pid, Duration timeout) throws Exception;
}
