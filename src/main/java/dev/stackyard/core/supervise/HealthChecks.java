package dev.stackyard.core.supervise;

import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.supervise.SupervisionStatus.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Health probing for the {@link Supervisor}: repeats each running service's readiness probe at its
 * interval, at most one probe per service at a time (the next is scheduled when the last has
 * answered), and stops the service after too many failures in a row. The stop is then seen by the
 * supervisor as a health failure ({@link SupervisionTrack#healthStopping}). Bookkeeping on the
 * scheduler thread; probes on the probe pool.
 */
final class HealthChecks {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private final ServiceRegistry registry;
    private final SupervisorThreads threads;
    private final Map<String, SupervisionTrack> tracks;
    private final StatusPublisher publisher;

    HealthChecks(ServiceRegistry registry, SupervisorThreads threads, Map<String, SupervisionTrack> tracks,
                 StatusPublisher publisher) {
        this.registry = registry;
        this.threads = threads;
        this.tracks = tracks;
        this.publisher = publisher;
    }

    void schedule(String id, SupervisionTrack t, Duration delay) {
        cancel(t);
        if (!threads.closed()) {
            t.probeTimer = threads.timer.schedule(() -> probe(id), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void cancel(SupervisionTrack t) {
        if (t.probeTimer != null) {
            t.probeTimer.cancel(false);
            t.probeTimer = null;
        }
    }

    private void probe(String id) {
        SupervisionTrack t = tracks.get(id);
        if (t == null || t.last != ServiceState.RUNNING || t.probing || t.healthStopping) {
            return;
        }
        t.probeTimer = null;
        Optional<ReadinessCheck> check = registry.healthCheck(id);
        Long pid = registry.snapshot(id).map(ServiceSnapshot::pid).orElse(null);
        if (check.isEmpty() || pid == null) {
            t.health = Health.UNKNOWN; // adopted from another front end: no probe of ours to repeat
            publisher.publish(id, t);
            return;
        }
        t.probing = true;
        Duration timeout = Supervisor.policy(registry, id).health().timeout();
        threads.execute(threads.probes, () -> {
            String failure = HealthProbe.run(check.get(), pid, timeout);
            threads.post(() -> onProbe(id, pid, failure));
        });
    }

    private void onProbe(String id, long pid, String failure) {
        SupervisionTrack t = tracks.get(id);
        t.probing = false;
        Long now = registry.snapshot(id).map(ServiceSnapshot::pid).orElse(null);
        if (t.last != ServiceState.RUNNING || now == null || now != pid) {
            return; // it stopped or restarted meanwhile; its next RUNNING schedules a probe
        }
        SupervisionPolicy.Health policy = Supervisor.policy(registry, id).health();
        if (failure == null) {
            t.healthFailures = 0;
            t.health = Health.OK;
        } else {
            t.healthFailures++;
            t.health = Health.FAILING;
            log.info("{}: health check failed ({}/{}): {}", id, t.healthFailures, policy.failures(), failure);
            if (t.healthFailures >= policy.failures()) {
                t.healthStopping = true;
                t.healthDetail = "health check failed " + t.healthFailures + " times: " + failure;
                publisher.publish(id, t);
                threads.execute(threads.actions, () -> {
                    try {
                        registry.stop(id);
                    } catch (ServiceException e) {
                        log.warn("{}: stop after failed health checks failed: {}", id, e.getMessage());
                    }
                });
                return;
            }
        }
        publisher.publish(id, t);
        schedule(id, t, policy.interval());
    }
}
