package dev.stackyard.core.service;

import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.process.ReadinessCheck;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The registry's side of supervision ({@code core.supervise}): the health check to repeat, and
 * the moves into and out of BACKOFF and FATAL. Each move is made under the service's lock and only
 * while the service is settled (not running, not being started or stopped, no process of it known
 * to the process core), so a person acting first always wins. The public entry points are
 * {@link ServiceRegistry}'s one-line delegates.
 */
final class SupervisionHooks {
    private final ProcessManager processes;
    private final RunRecords records;

    SupervisionHooks(ProcessManager processes, RunRecords records) {
        this.processes = processes;
        this.records = records;
    }

    /** See {@link ServiceRegistry#healthCheck(String)}. */
    Optional<ReadinessCheck> healthCheck(ServiceEntry e) {
        ServiceSnapshot s = e.snapshot;
        ReadinessCheck check = e.health;
        return check != null && s.state() == ServiceState.RUNNING && s.pid() != null && s.pid() == e.healthPid
                ? Optional.of(check) : Optional.empty();
    }

    /** See {@link ServiceRegistry#enterBackoff(String, Instant, String)}. */
    Optional<ServiceSnapshot> enterBackoff(ServiceEntry e, Instant at, String reason) {
        return settled(e, ServiceState.BACKOFF, x -> x.transition(ServiceState.BACKOFF, null, reason,
                x.snapshot.logTail(), null, at));
    }

    /** See {@link ServiceRegistry#enterFatal(String, String, List)}. */
    Optional<ServiceSnapshot> enterFatal(ServiceEntry e, String id, String reason, List<String> logTail) {
        return settled(e, ServiceState.FATAL, x -> {
            records.writeLastError(id, reason);
            x.transition(ServiceState.FATAL, null, reason, logTail, null);
        });
    }

    /** See {@link ServiceRegistry#release(String)}. */
    Optional<ServiceSnapshot> release(ServiceEntry e) {
        ServiceState now = e.snapshot.state();
        if (now != ServiceState.BACKOFF && now != ServiceState.FATAL) {
            return Optional.empty();
        }
        return settled(e, ServiceState.STOPPED, x -> x.transition(ServiceState.STOPPED, null, null, List.of(), null));
    }

    /** Applies {@code change} under the lock when the service is settled and may move {@code to}; else empty. */
    private Optional<ServiceSnapshot> settled(ServiceEntry e, ServiceState to, Consumer<ServiceEntry> change) {
        e.lock.lock();
        try {
            ServiceState now = e.snapshot.state();
            if (now.isActive() || !now.next().contains(to) && now != to || processes.find(e.id()).isPresent()) {
                return Optional.empty();
            }
            change.accept(e);
            return Optional.of(e.snapshot);
        } finally {
            e.lock.unlock();
        }
    }
}
