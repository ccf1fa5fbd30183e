package dev.stackyard.core.service;

import dev.stackyard.core.process.ExitStatus;
import dev.stackyard.core.process.ProcessEvent;
import dev.stackyard.core.process.ProcessListener;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.process.ReadinessCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Holds every configured service, its manager and its state machine, and runs starts and stops
 * through the process core.
 *
 * <p>Each service has one state, changed only through {@link ServiceEntry#transition} under the
 * service's lock, which checks the move against {@link ServiceState#next()}. Operations on one
 * service are serialised; operations on different services never wait for each other. Listeners
 * receive immutable {@link ServiceSnapshot}s (see {@link ServiceListener} for the threading).
 *
 * <p>Several Stackyard processes (the window, CLI invocations) may share one run folder: the
 * process core's records and locks keep them consistent, {@link #refresh()} picks up what another
 * one changed, and the last failure of each service is kept in {@code RUN/.records/ID/last-error}
 * ({@link RunRecords}) so a fresh CLI invocation can report it.
 *
 * <p>A registry lives as long as its front end. A config change is applied in place by
 * {@link #applyConfig}, as a diff of definitions ({@link ConfigDiff}, by record equality):
 * unchanged services keep their manager, process, exit watching and snapshot; new ones appear
 * STOPPED (or RUNNING when another Stackyard process already runs them); removed ones are stopped
 * and dropped; a changed definition of an idle service takes effect at once, of an active one at
 * its next start, meanwhile its snapshot says {@link ServiceSnapshot#pendingRestart()}. Nothing is
 * restarted by a config change.
 *
 * <p>Where the work is: one service's start, stop, refresh and exit in {@link ServiceOperations};
 * batches by dependency level in {@link DependencyBatches}; the state machine in {@link ServiceEntry};
 * the supervision hooks (BACKOFF, FATAL, release, health check) in {@link SupervisionHooks}.
 */
public final class ServiceRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceRegistry.class);

    private final ServiceEnvironment env;
    private final ProcessManager processes;
    private final RunRecords records;
    private final ServiceOperations operations;
    private final SupervisionHooks supervision;
    /** Config order; replaced whole (never mutated) by {@link #applyConfig}, so readers need no lock. */
    private volatile Map<String, ServiceEntry> entries = Map.of();
    private final List<ServiceListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("stackyard-service-", 0).daemon(true).factory());
    private final DependencyBatches batches = new DependencyBatches(workers, this::dependencies);
    private final ProcessListener processListener = this::onProcessEvent;

    /**
     * What {@link #applyConfig} changed, by id in config order (removed: in the old order).
     *
     * @param changed services whose definition changed (applied at once, or at the next start of
     *                one that runs)
     */
    public record ConfigChange(List<String> added, List<String> changed, List<String> removed) {
        public ConfigChange {
            added = List.copyOf(added);
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
        }

        public boolean isEmpty() {
            return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }

        /**
         * As the app's log shows it on every load. Written out: a record's generated toString is
         * bootstrapped at its first call, which makes classes at run time on every cold start.
         */
        @Override
        public String toString() {
            return "added " + added + ", changed " + changed + ", removed " + removed;
        }
    }

    /** How one service's operation ended within a batch: a snapshot, or the error. */
    public record Outcome(ServiceSnapshot snapshot, ServiceException error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * A registry over {@code definitions}, adopting what already runs. The registry listens to
     * {@code processes} for as long as it lives; both are meant to live as long as the front end.
     */
    public ServiceRegistry(List<ServiceDefinition> definitions, ServiceEnvironment env, ProcessManager processes) {
        this.env = env;
        this.processes = processes;
        this.records = new RunRecords(env);
        this.operations = new ServiceOperations(processes, records);
        this.supervision = new SupervisionHooks(processes, records);
        processes.addListener(processListener);
        applyConfig(definitions);
    }

    // ---------------------------------------------------------------- config changes

    /**
     * Applies a new config as a diff against the services held now (see the class comment). Blocks
     * until removed services that ran are stopped. One change at a time; starts, stops and
     * refreshes may run meanwhile. Listeners see the snapshot of each changed service (and of a
     * new one found running); see {@link ServiceListener} for the rest.
     *
     * @param definitions the whole new config, in its order (ids unique, as the config reader ensures)
     */
    public synchronized ConfigChange applyConfig(List<ServiceDefinition> definitions) {
        Map<String, ServiceEntry> old = entries;
        Map<String, ServiceDefinition> wanted = new LinkedHashMap<>();
        old.forEach((id, e) -> wanted.put(id, e.wanted()));
        ConfigDiff diff = ConfigDiff.of(wanted, definitions);

        Map<String, ServiceEntry> settle = new LinkedHashMap<>();
        for (ServiceDefinition d : diff.added()) {
            settle.put(d.id(), new ServiceEntry(d, env, records, listeners));
        }
        for (ServiceDefinition d : diff.changed()) {
            ServiceEntry e = old.get(d.id());
            e.want(d);
            settle.put(d.id(), e);
        }
        Map<String, ServiceEntry> next = new LinkedHashMap<>();
        for (ServiceDefinition d : definitions) {
            next.put(d.id(), settle.containsKey(d.id()) ? settle.get(d.id()) : old.get(d.id()));
        }
        entries = Collections.unmodifiableMap(next);
        for (ServiceEntry e : settle.values()) {
            if (e.lock.tryLock()) { // else the start or stop under way settles it when it ends
                try {
                    operations.refreshLocked(e, false);
                } finally {
                    e.lock.unlock();
                }
            }
        }
        Map<String, Future<Outcome>> stops = new LinkedHashMap<>();
        for (String id : diff.removed()) {
            ServiceEntry e = old.get(id);
            stops.put(id, workers.submit(() -> operations.stopEntry(e, Long.MAX_VALUE)));
        }
        stops.forEach((id, f) -> {
            Outcome o = DependencyBatches.await(id, f);
            if (!o.ok()) {
                log.warn("{} was taken out of the config but could not be stopped: {}", id, o.error().getMessage());
            }
        });
        ConfigChange change = diff.toChange();
        if (!change.isEmpty()) {
            log.info("config applied: added {}, changed {}, removed {}", change.added(), change.changed(), change.removed());
        }
        return change;
    }

    public ServiceEnvironment environment() {
        return env;
    }

    public void addListener(ServiceListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ServiceListener listener) {
        listeners.remove(listener);
    }

    /** Every service, in config order. */
    public List<ServiceSnapshot> snapshots() {
        return entries.values().stream().map(e -> e.snapshot).toList();
    }

    public Optional<ServiceSnapshot> snapshot(String id) {
        ServiceEntry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.of(e.snapshot);
    }

    public Optional<ServiceManager> manager(String id) {
        ServiceEntry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.of(e.manager);
    }

    /** The configured ids, in config order (a snapshot: a later config change does not alter it). */
    public Set<String> ids() {
        return entries.keySet();
    }

    // ---------------------------------------------------------------- truth from the process core

    /**
     * Brings every idle service's state in line with what really runs: adopts processes started
     * by another Stackyard process, notices ones that died or were stopped elsewhere, and cleans
     * their stale files. Services in the middle of a start or stop here are left alone.
     *
     * <p>Never waits for a lock: a service whose lock another thread or Stackyard process holds
     * (a CLI start running initdb) is skipped this time, so the others are still brought up to date.
     */
    public void refresh() {
        for (ServiceEntry e : entries.values()) {
            if (!e.lock.tryLock()) {
                continue; // a start or stop is under way; it will set the state
            }
            try {
                operations.refreshLocked(e, false);
            } finally {
                e.lock.unlock();
            }
        }
    }

    private void onProcessEvent(ProcessEvent event) {
        ServiceEntry e = entries.get(event.id());
        if (e != null && event instanceof ProcessEvent.Exited x) {
            // Never block the process core's event thread: take the lock on a worker.
            workers.execute(() -> operations.onExited(e, x));
        }
    }

    // ---------------------------------------------------------------- start

    /**
     * Starts one service (and the services it depends on) and returns once it is ready. Starting a
     * running service does nothing and succeeds.
     *
     * @throws ServiceException saying what failed and why, with the log tail as detail
     */
    public ServiceSnapshot start(String id) {
        Outcome o = start(List.of(id)).get(id);
        if (o.error() != null) {
            throw o.error();
        }
        return o.snapshot();
    }

    /**
     * Starts these services and what they depend on, level by level in dependency order, each
     * level in parallel. A service whose dependency failed is not started.
     */
    public Map<String, Outcome> start(Collection<String> ids) {
        return batches.start(ids, withDependencies(ids), this::startOne, id -> snapshot(id).orElseThrow());
    }

    public Map<String, Outcome> startAll() {
        return start(entries.keySet());
    }

    private Outcome startOne(String id) {
        return operations.startOne(entry(id));
    }

    // ---------------------------------------------------------------- stop

    /**
     * Stops one service and waits until it and every worker it forked are gone. Stopping a stopped
     * service succeeds. A FAILED service is reset to STOPPED.
     */
    public ServiceSnapshot stop(String id) {
        Outcome o = stopOne(id, Long.MAX_VALUE);
        if (o.error() != null) {
            throw o.error();
        }
        return o.snapshot();
    }

    /** Stops these services in parallel, dependents (nginx) before what they depend on. */
    public Map<String, Outcome> stop(Collection<String> ids) {
        return stop(ids, null);
    }

    /**
     * Like {@link #stop(Collection)}, with one deadline for the whole batch: when it comes, what is
     * still running is killed (each stop ladder is cut short), so the batch takes at most about
     * {@code deadline} plus the time a KILL takes. Null: every ladder runs in full.
     */
    public Map<String, Outcome> stop(Collection<String> ids, Duration deadline) {
        long until = deadline == null ? Long.MAX_VALUE : System.nanoTime() + deadline.toNanos();
        return batches.stop(ids, id -> stopOne(id, until));
    }

    public Map<String, Outcome> stopAll() {
        return stop(entries.keySet());
    }

    /** {@link #stop(Collection, Duration)} of every service. */
    public Map<String, Outcome> stopAll(Duration deadline) {
        return stop(entries.keySet(), deadline);
    }

    /**
     * The longest first-rung grace period among running services: how long a quit may wait for
     * a graceful stop before killing (zero when nothing runs).
     */
    public Duration largestStopGrace() {
        return operations.largestStopGrace(entries.keySet());
    }

    private Outcome stopOne(String id, long untilNanos) {
        return operations.stopEntry(entry(id), untilNanos);
    }

    /**
     * Sends {@code signal} to the running service's main process (nginx: HUP reloads its config).
     *
     * @return false when it is not running
     */
    public boolean signal(String id, dev.stackyard.core.process.Signal signal) {
        entry(id);
        return processes.signal(id, signal, false);
    }

    public ServiceSnapshot restart(String id) {
        stop(id);
        return start(id);
    }

    // ---------------------------------------------------------------- supervision (core.supervise)

    /** How the service's last process ended unexpectedly (a crash or a failed start); empty when unknown. */
    public Optional<ExitStatus> lastExit(String id) {
        return Optional.ofNullable(entry(id).lastExit);
    }

    /**
     * The readiness check of the process this registry started, while that very process runs: what
     * a supervisor repeats as a health check. Empty for a process adopted from another front end.
     */
    public Optional<ReadinessCheck> healthCheck(String id) {
        return supervision.healthCheck(entry(id));
    }

    /**
     * Marks a service that is not running as waiting for a restart at {@code at} (state BACKOFF).
     * Does nothing and returns empty when the service runs or is being started or stopped (someone
     * else acted first).
     */
    public Optional<ServiceSnapshot> enterBackoff(String id, Instant at, String reason) {
        return supervision.enterBackoff(entry(id), at, reason);
    }

    /**
     * Gives up on a service that is not running (state FATAL) with {@code reason}, which is also
     * kept as its last error. Returns empty, changing nothing, when it runs or is busy.
     */
    public Optional<ServiceSnapshot> enterFatal(String id, String reason, List<String> logTail) {
        return supervision.enterFatal(entry(id), id, reason, logTail);
    }

    /**
     * Takes a service out of BACKOFF or FATAL to STOPPED, changing nothing else: a person asked for
     * it from another front end, which does the stop or start itself (this registry then adopts or
     * learns its result as usual). Returns empty when the service is in neither state.
     */
    public Optional<ServiceSnapshot> release(String id) {
        return supervision.release(entry(id));
    }

    // ---------------------------------------------------------------- dependencies

    /**
     * The services {@code id} needs running first: its {@code dependsOn}, what its kind implies
     * (nginx: its php-fpm service) and, for nginx, the php-fpm services its sites use; among the
     * configured services.
     */
    public List<String> dependencies(String id) {
        ServiceDefinition d = entry(id).manager.definition();
        LinkedHashSet<String> needs = new LinkedHashSet<>(d.dependsOn());
        needs.addAll(d.kind().spec().impliedDependencies(d));
        if (d.kind().spec().servesSites()) {
            needs.addAll(env.sites().phpServices(id));
        }
        needs.remove(id);
        return needs.stream().filter(entries::containsKey).toList();
    }

    /** {@code ids} and, transitively, what they depend on. */
    private List<String> withDependencies(Collection<String> ids) {
        ids.forEach(this::entry);
        return DependencyGraph.withDependencies(ids, this::dependencies);
    }

    private ServiceEntry entry(String id) {
        ServiceEntry e = entries.get(id);
        if (e == null) {
            throw new ServiceException(id, "no service '" + id + "' in the config; known: " + String.join(", ", entries.keySet()));
        }
        return e;
    }

    /**
     * Stops listening to the process core and ends this registry's worker threads. Services keep
     * running; use {@link #stopAll()} to stop them. The process manager is the caller's to close.
     */
    @Override
    public void close() {
        processes.removeListener(processListener);
        workers.shutdown();
        try {
            // Its threads end with it (an operation still under way is given a moment).
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("service operations still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
