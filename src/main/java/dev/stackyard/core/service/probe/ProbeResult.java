package dev.stackyard.core.service.probe;

import java.util.Objects;

/**
 * The answer of one {@link Probe} attempt: the service is ready, or it is not (yet), with a reason a
 * person can read ("redis on 127.0.0.1:6379: -LOADING Redis is loading the dataset in memory").
 *
 * <p>"Not ready" covers every failure a starting service normally shows: refused connections, a
 * missing socket file, a timeout, an error reply. Immutable.
 */
public sealed interface ProbeResult {

    /** The service answered as a ready one does. */
    record Ready() implements ProbeResult {
        private static final Ready INSTANCE = new Ready();
    }

    /** The service did not answer as a ready one does; {@code reason} says what was seen instead. */
    record NotReady(String reason) implements ProbeResult {
        public NotReady {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static ProbeResult ready() {
        return Ready.INSTANCE;
    }

    static ProbeResult notReady(String reason) {
        return new NotReady(reason);
    }

    default boolean isReady() {
        return this instanceof Ready;
    }
}
