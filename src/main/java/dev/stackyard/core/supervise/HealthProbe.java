package dev.stackyard.core.supervise;

import dev.stackyard.core.process.ReadinessCheck;

import java.time.Duration;

/** One health try: a kind's readiness check, asked once, turned into "healthy" or a reason. */
final class HealthProbe {
    private HealthProbe() {
    }

    /**
     * @return null when healthy, else one sentence (the probe's own message when it threw)
     */
    static String run(ReadinessCheck check, long pid, Duration timeout) {
        try {
            return check.isReady(pid, timeout) ? null : "no answer within " + timeout.toMillis() + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            // A probe says "not ready" by throwing with a message (timed out, refused, wrong answer).
            String m = e.getMessage();
            return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
        }
    }
}
