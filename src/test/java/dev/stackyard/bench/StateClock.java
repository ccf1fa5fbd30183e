package dev.stackyard.bench;

import dev.stackyard.core.service.ServiceListener;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stamps the moment a registry listener is told that a service reached a state. The listener only
 * reads two clocks and completes a future, so it never blocks the thread that calls it.
 */
final class StateClock implements ServiceListener {

    /** When the event arrived: {@code nanos} from {@link System#nanoTime}, {@code at} from the wall clock. */
    record Stamp(long nanos, Instant at, ServiceSnapshot snapshot) {
    }

    private record Armed(ServiceState state, CompletableFuture<Stamp> future) {
    }

    private final Map<String, Armed> armed = new ConcurrentHashMap<>();

    StateClock(ServiceRegistry registry) {
        registry.addListener(this);
    }

    /** The next time {@code id} is reported in {@code state}. Arm before causing the change. */
    CompletableFuture<Stamp> arm(String id, ServiceState state) {
        CompletableFuture<Stamp> f = new CompletableFuture<>();
        armed.put(id, new Armed(state, f));
        return f;
    }

    @Override
    public void onChange(ServiceSnapshot snapshot) {
        long nanos = System.nanoTime();
        Instant at = Instant.now();
        Armed a = armed.get(snapshot.id());
        if (a != null && snapshot.state() == a.state() && armed.remove(snapshot.id(), a)) {
            a.future().complete(new Stamp(nanos, at, snapshot));
        }
    }
}
