package dev.stackyard.core.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to stop a process: a ladder of signals, each followed by a grace period, always ending in
 * KILL of the whole process group (added by the manager; the ladder need not say it).
 */
public record StopPolicy(List<Step> steps) {

    /**
     * One rung: send {@code signal} (to the leader only, or to its whole group) and wait up to
     * {@code grace} for the leader to exit.
     */
    public record Step(Signal signal, Duration grace, boolean group) {
        public Step {
            Objects.requireNonNull(signal, "signal");
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("grace must not be negative: " + grace);
            }
        }

        String encode() {
            return signal.name() + ":" + grace.toMillis() + ":" + (group ? "group" : "leader");
        }

        static Step decode(String text) {
            String[] parts = text.split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("bad stop step: " + text);
            }
            Signal signal = Signal.parse(parts[0]).orElseThrow(() -> new IllegalArgumentException("bad signal: " + text));
            return new Step(signal, Duration.ofMillis(Long.parseLong(parts[1])), "group".equals(parts[2]));
        }
    }

    public StopPolicy {
        steps = List.copyOf(steps);
    }

    /** Signal the leader, wait {@code grace}, then KILL the group. */
    public static StopPolicy of(Signal signal, Duration grace) {
        return new StopPolicy(List.of(new Step(signal, grace, false)));
    }

    /** This ladder followed by one more step. */
    public StopPolicy then(Signal signal, Duration grace, boolean group) {
        List<Step> more = new ArrayList<>(steps);
        more.add(new Step(signal, grace, group));
        return new StopPolicy(more);
    }

    /** The sum of every grace period: how long a stop may take before the final KILL. */
    public Duration totalGrace() {
        return steps.stream().map(Step::grace).reduce(Duration.ZERO, Duration::plus);
    }

    String encode() {
        return String.join(",", steps.stream().map(Step::encode).toList());
    }

    static StopPolicy decode(String text) {
        if (text == null || text.isBlank()) {
            return new StopPolicy(List.of());
        }
        return new StopPolicy(java.util.Arrays.stream(text.split(",")).map(Step::decode).toList());
    }
}
