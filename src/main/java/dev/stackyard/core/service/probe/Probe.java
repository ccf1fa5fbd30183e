package dev.stackyard.core.service.probe;

import java.time.Duration;

/**
 * One readiness check of a service: a single attempt, never a retry loop. Retrying, pacing and the
 * overall start deadline belong to the caller.
 *
 * <p>Contract for every implementation in this package:
 * <ul>
 *   <li>{@link #check} returns within about {@code timeout} (the whole attempt, connect included,
 *       not each read), and returns {@link ProbeResult.NotReady} rather than throwing for anything a
 *       not-yet-ready or dead service can cause. It throws only for programming errors, such as a
 *       non-positive timeout.</li>
 *   <li>If the calling thread is interrupted, it returns {@code NotReady} promptly and leaves the
 *       interrupt status set.</li>
 *   <li>Network probes talk to 127.0.0.1 or a unix socket only, and close what they open.</li>
 *   <li>Probes are safe to call from any thread; stateful ones (the log-line probe) serialize
 *       concurrent calls.</li>
 * </ul>
 */
@FunctionalInterface
public interface Probe {

    /**
     * Makes one attempt.
     *
     * @param timeout positive; the attempt gives up and answers not-ready when it runs out
     */
    ProbeResult check(Duration timeout);
}
