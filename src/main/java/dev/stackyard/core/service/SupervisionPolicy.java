package dev.stackyard.core.service;

import java.time.Duration;
import java.util.Objects;

/**
 * How a supervisor (the window, {@code stackyard run}) looks after one service: when it restarts
 * it, how long it waits, when it gives up, how it checks health, and how big its log may grow.
 * Every default is in {@link #DEFAULT} and its parts; the config layer starts from those.
 *
 * @param restart     which unexpected exits lead to a new start
 * @param backoff     the delay before each new start
 * @param maxRestarts unexpected exits in a row (without a reset) after which the service goes FATAL
 * @param health      the readiness probe repeated while RUNNING
 * @param logs        the cap on the service's log file
 */
public record SupervisionPolicy(Restart restart, Backoff backoff, int maxRestarts, Health health, Logs logs) {

    public static final SupervisionPolicy DEFAULT = new SupervisionPolicy(Restart.ON_FAILURE, Backoff.DEFAULT, 5,
            Health.DEFAULT, Logs.DEFAULT);

    public SupervisionPolicy {
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(logs, "logs");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must not be negative: " + maxRestarts);
        }
    }

    /** {@code restart:} in the config. */
    public enum Restart {
        /** After an exit with a non-zero code, a signal, or an unknown status (the default). */
        ON_FAILURE("on-failure"),
        /** After any exit nobody asked for, a clean one too. */
        ALWAYS("always"),
        /** Never: a crash is shown and stays. */
        NEVER("never");

        private final String configName;

        Restart(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static java.util.Optional<Restart> fromConfigName(String name) {
            for (Restart r : values()) {
                if (r.configName.equals(name)) {
                    return java.util.Optional.of(r);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * The delay before the n-th restart in a row is {@code initial * 2^(n-1)}, at most {@code max};
     * the count starts over once the service has stayed RUNNING for {@code resetAfter}.
     */
    public record Backoff(Duration initial, Duration max, Duration resetAfter) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofSeconds(60));

        public Backoff {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            Objects.requireNonNull(resetAfter, "resetAfter");
        }
    }

    /**
     * The kind's readiness probe, run every {@code interval} while RUNNING, each try given
     * {@code timeout}; {@code failures} failed tries in a row restart the service.
     */
    public record Health(Duration interval, Duration timeout, int failures) {
        public static final Health DEFAULT = new Health(Duration.ofSeconds(10), Duration.ofSeconds(2), 3);

        public Health {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(timeout, "timeout");
            if (failures < 1) {
                throw new IllegalArgumentException("health failures must be at least 1: " + failures);
            }
        }
    }

    /** A log over {@code maxSize} bytes is rotated, keeping {@code keep} old files ({@code ID.log.1} newest). */
    public record Logs(long maxSize, int keep) {
        public static final Logs DEFAULT = new Logs(10L * 1024 * 1024, 3);

        public Logs {
            if (maxSize < 1 || keep < 1) {
                throw new IllegalArgumentException("logs.maxSize and logs.keep must be positive: " + maxSize + ", " + keep);
            }
        }
    }
}
