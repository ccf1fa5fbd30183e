package dev.stackyard.core.service;

import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.process.ProcessEvent;
import dev.stackyard.core.process.ProcessInfo;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopResult;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.service.probe.PortHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds every configured service, its manager and its state machine, and runs starts and stops
 * through the process core.
 *
 * <p>Each service has one state, changed only through {@link #transition} under the service's
 * lock, which checks the move against {@link ServiceState#next()}. Operations on one service are
 * serialised; operations on different services never wait for each other. Listeners receive
 * immutable {@link ServiceSnapshot}s (see {@link ServiceListener} for the threading).
 *
 * <p>Several Stackyard processes (the window, CLI invocations) may share one run folder: the
 * process core's records and locks keep them consistent, {@link #refresh()} picks up what another
 * one changed, and the last failure of each service is kept in {@code RUN/ID/last-error} so a
 * fresh CLI invocation can report it.
 *
 * <p>A registry lives as long as its front end. A config change is applied in place by
 * {@link #applyConfig}, as a diff of definitions (compared by record equality): unchanged services
 * keep their manager, process, exit watching and snapshot; new ones appear STOPPED (or RUNNING when
 * another Stackyard process already runs them); removed ones are stopped and dropped; a changed
 * definition of an idle service takes effect at once, of an active one at its next start, meanwhile
 * its snapshot says {@link ServiceSnapshot#pendingRestart()}. Nothing is restarted by a config
 * change.
 */
public final class ServiceRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServiceRegistry.class);
    private static final int LOG_TAIL = 20;

    private final ServiceEnvironment env;
    private final ProcessManager processes;
    /** Config order; replaced whole (never mutated) by {@link #applyConfig}, so readers need no lock. */
    private volatile Map<String, Entry> entries = Map.of();
    private final List<ServiceListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("stackyard-service-", 0).daemon(true).factory());
    private final dev.stackyard.core.process.ProcessListener processListener = this::onProcessEvent;

    /**
     * One service: its manager, a changed definition waiting for the service to be idle, and its
     * current snapshot. {@code manager} and {@code snapshot} change only under {@code lock}.
     */
    private static final class Entry {
        volatile ServiceManager manager;
        volatile ServiceDefinition pending;
        /** The definition its running process was started with ({@link #fingerprint}); null when idle or unknown. */
        volatile String startedWith;
        final ReentrantLock lock = new ReentrantLock();
        volatile ServiceSnapshot snapshot;

        Entry(ServiceManager manager) {
            this.manager = manager;
        }
    }

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
    }

    /**
     * A registry over {@code definitions}, adopting what already runs. The registry listens to
     * {@code processes} for as long as it lives; both are meant to live as long as the front end.
     */
    public ServiceRegistry(List<ServiceDefinition> definitions, ServiceEnvironment env, ProcessManager processes) {
        this.env = env;
        this.processes = processes;
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
        Map<String, Entry> old = entries;
        Map<String, Entry> next = new LinkedHashMap<>();
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<Entry> settle = new ArrayList<>();
        for (ServiceDefinition d : definitions) {
            Entry e = old.get(d.id());
            if (e == null) {
                e = newEntry(d);
                added.add(d.id());
                settle.add(e);
            } else {
                ServiceDefinition wanted = e.pending != null ? e.pending : e.manager.definition();
                if (!wanted.equals(d)) {
                    changed.add(d.id());
                    // Back to what runs: nothing waits any more.
                    e.pending = e.manager.definition().equals(d) ? null : d;
                    settle.add(e);
                }
            }
            next.put(d.id(), e);
        }
        List<String> removed = old.keySet().stream().filter(id -> !next.containsKey(id)).toList();
        entries = Collections.unmodifiableMap(next);
        for (Entry e : settle) {
            if (e.lock.tryLock()) { // else the start or stop under way settles it when it ends
                try {
                    refreshLocked(e, false);
                } finally {
                    e.lock.unlock();
                }
            }
        }
        Map<String, Future<Outcome>> stops = new LinkedHashMap<>();
        for (String id : removed) {
            Entry e = old.get(id);
            stops.put(id, workers.submit(() -> stopEntry(e, Long.MAX_VALUE)));
        }
        stops.forEach((id, f) -> {
            Outcome o = await(id, f);
            if (!o.ok()) {
                log.warn("{} was taken out of the config but could not be stopped: {}", id, o.error().getMessage());
            }
        });
        ConfigChange change = new ConfigChange(added, changed, removed);
        if (!change.isEmpty()) {
            log.info("config applied: added {}, changed {}, removed {}", added, changed, removed);
        }
        return change;
    }

    private Entry newEntry(ServiceDefinition d) {
        ServiceManager manager = ServiceManagers.create(d, env);
        Entry e = new Entry(manager);
        e.snapshot = new ServiceSnapshot(d.id(), d.kind(), versionOf(manager), ServiceState.STOPPED, null,
                d.port(), manager.pidFile(), manager.logFile(), manager.url().orElse(null), null, List.of(), null,
                Instant.now(), false);
        return e;
    }

    /**
     * Puts a waiting definition in force once the service is idle, and makes the snapshot say
     * whether one still waits. Caller holds {@code e.lock}.
     */
    private void settlePendingLocked(Entry e) {
        ServiceSnapshot s = e.snapshot;
        boolean swap = e.pending != null && !s.state().isActive();
        if (swap || s.pendingRestart() != pendingRestart(e, s.state())) {
            transition(e, s.state(), s.pid(), s.lastError(), s.logTail(), s.progress());
        }
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
        Entry e = entries.get(id);
        return e == null ? Optional.empty() : Optional.of(e.snapshot);
    }

    public Optional<ServiceManager> manager(String id) {
        Entry e = entries.get(id);
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
        for (Entry e : entries.values()) {
            if (!e.lock.tryLock()) {
                continue; // a start or stop is under way; it will set the state
            }
            try {
                refreshLocked(e, false);
            } finally {
                e.lock.unlock();
            }
        }
    }

    /** @param wait whether to wait for the process core's lock on the id (false: skip if busy) */
    private void refreshLocked(Entry e, boolean wait) {
        settlePendingLocked(e);
        String id = e.manager.id();
        ServiceSnapshot s = e.snapshot;
        if (e.manager.installation().isEmpty() && s.state() != ServiceState.RUNNING) {
            boolean recorded = Files.exists(processes.stateFile(id));
            if (!recorded) {
                transition(e, ServiceState.NOT_INSTALLED, null, e.manager.notInstalledHint(), List.of(), null);
                return;
            }
        }
        boolean hadRecord = Files.exists(processes.stateFile(id));
        Optional<ProcessInfo> info;
        if (wait) {
            info = processes.find(id, e.manager.pidFile());
        } else {
            ProcessManager.Lookup found = processes.tryFind(id, e.manager.pidFile());
            if (found instanceof ProcessManager.Lookup.Busy) {
                return; // another process starts or stops it; ask again next time
            }
            info = found instanceof ProcessManager.Lookup.Running r ? Optional.of(r.info()) : Optional.empty();
        }
        if (info.isPresent()) {
            if (s.state() != ServiceState.RUNNING || s.pid() == null || s.pid() != info.get().pid()) {
                // Adopted: started by another Stackyard process, perhaps from an older config.
                e.startedWith = readRunFile(id, STARTED_WITH).orElse(null);
                transition(e, ServiceState.RUNNING, info.get().pid(), null, List.of(), null);
            }
            return;
        }
        if (hadRecord && s.state() != ServiceState.FAILED) {
            // A record without a live process: it died while no Stackyard process watched it (or
            // its exit event is still on the way: a FAILED from that event is not repeated here).
            e.manager.afterStop();
            fail(e, id + " is no longer running (it was killed or crashed); its stale files were removed",
                    LogFiles.tail(e.manager.logFile(), LOG_TAIL));
            return;
        }
        if (s.state() == ServiceState.RUNNING || s.state() == ServiceState.NOT_INSTALLED) {
            transition(e, ServiceState.STOPPED, null, null, List.of(), null);
        } else if (s.state() == ServiceState.STOPPED) {
            readLastError(id).ifPresent(err -> transition(e, ServiceState.FAILED, null, err, List.of(), null));
        }
    }

    private void onProcessEvent(ProcessEvent event) {
        Entry e = entries.get(event.id());
        if (e == null) {
            return;
        }
        if (event instanceof ProcessEvent.Exited x) {
            // Never block the process core's event thread: take the lock on a worker.
            workers.execute(() -> {
                e.lock.lock();
                try {
                    ServiceSnapshot s = e.snapshot;
                    if (s.state() != ServiceState.RUNNING || s.pid() == null || s.pid() != x.pid()) {
                        return;
                    }
                    if (x.expected()) {
                        transition(e, ServiceState.STOPPED, null, null, List.of(), null);
                    } else {
                        e.manager.afterStop();
                        fail(e, e.manager.id() + " stopped unexpectedly (" + x.status().describe() + ")",
                                LogFiles.tail(e.manager.logFile(), LOG_TAIL));
                    }
                } finally {
                    e.lock.unlock();
                }
            });
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
        Map<String, Outcome> results = start(List.of(id));
        Outcome o = results.get(id);
        if (o.error() != null) {
            throw o.error();
        }
        return o.snapshot();
    }

    /** How one service's operation ended within a batch: a snapshot, or the error. */
    public record Outcome(ServiceSnapshot snapshot, ServiceException error) {
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Starts these services and what they depend on, level by level in dependency order, each
     * level in parallel. A service whose dependency failed is not started.
     */
    public Map<String, Outcome> start(Collection<String> ids) {
        List<String> wanted = withDependencies(ids);
        Map<String, Outcome> results = new LinkedHashMap<>();
        for (List<String> level : levels(wanted)) {
            Map<String, Future<Outcome>> futures = new LinkedHashMap<>();
            for (String id : level) {
                Optional<String> failedDep = dependencies(id).stream()
                        .filter(d -> results.containsKey(d) && !results.get(d).ok()).findFirst();
                if (failedDep.isPresent()) {
                    results.put(id, new Outcome(snapshot(id).orElseThrow(), new ServiceException(id,
                            id + " was not started because " + failedDep.get() + " failed to start")));
                    continue;
                }
                futures.put(id, workers.submit(() -> startOne(id)));
            }
            futures.forEach((id, f) -> results.put(id, await(id, f)));
        }
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        for (String id : ids) {
            ordered.put(id, results.get(id));
        }
        results.forEach(ordered::putIfAbsent);
        return ordered;
    }

    public Map<String, Outcome> startAll() {
        return start(entries.keySet());
    }

    private Outcome startOne(String id) {
        Entry e = entry(id);
        e.lock.lock();
        try {
            refreshLocked(e, true);
            ServiceSnapshot s = e.snapshot;
            if (s.state() == ServiceState.RUNNING) {
                return new Outcome(s, null);
            }
            Optional<Installation> installation = e.manager.installation();
            if (installation.isEmpty()) {
                return new Outcome(s, new ServiceException(id, id + " cannot start: " + e.manager.notInstalledHint()));
            }
            transition(e, ServiceState.STARTING, null, null, List.of(), null);
            for (int port : e.manager.ports()) {
                Optional<PortHolder> holder = PortCheck.holder(port);
                if (holder.isPresent()) {
                    String msg = id + " cannot start: " + holder.get().message() + "; stop that program or choose another port";
                    fail(e, msg, List.of());
                    return new Outcome(e.snapshot, new ServiceException(id, msg));
                }
            }
            ServiceManager.Launch launch;
            try {
                launch = e.manager.prepare(installation.get(),
                        line -> transition(e, ServiceState.STARTING, null, null, List.of(), line));
            } catch (ServiceException ex) {
                fail(e, ex.getMessage(), ex.detail());
                return new Outcome(e.snapshot, ex);
            } catch (RuntimeException ex) {
                String msg = id + " could not be prepared: " + ex.getMessage();
                fail(e, msg, List.of());
                return new Outcome(e.snapshot, new ServiceException(id, msg, List.of(), ex));
            }
            try {
                ProcessInfo info = processes.start(launch.spec(), launch.readiness(), launch.readyTimeout());
                clearLastError(id);
                e.startedWith = fingerprint(e.manager.definition());
                writeRunFile(id, STARTED_WITH, e.startedWith);
                transition(e, ServiceState.RUNNING, info.pid(), null, List.of(), null);
                return new Outcome(e.snapshot, null);
            } catch (StartFailedException ex) {
                e.manager.afterStop();
                String msg = e.manager.explain(ex);
                fail(e, msg, ex.logTail());
                return new Outcome(e.snapshot, new ServiceException(id, msg, ex.logTail(), ex));
            }
        } finally {
            e.lock.unlock();
        }
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
        List<List<String>> levels = new ArrayList<>(levels(new ArrayList<>(new LinkedHashSet<>(ids))));
        java.util.Collections.reverse(levels);
        Map<String, Outcome> results = new LinkedHashMap<>();
        for (List<String> level : levels) {
            Map<String, Future<Outcome>> futures = new LinkedHashMap<>();
            for (String id : level) {
                futures.put(id, workers.submit(() -> stopOne(id, until)));
            }
            futures.forEach((id, f) -> results.put(id, await(id, f)));
        }
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        for (String id : ids) {
            ordered.put(id, results.get(id));
        }
        return ordered;
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
        Duration max = Duration.ZERO;
        for (String id : entries.keySet()) {
            Optional<ProcessInfo> info = processes.find(id);
            if (info.isPresent() && !info.get().stopPolicy().steps().isEmpty()) {
                Duration grace = info.get().stopPolicy().steps().getFirst().grace();
                max = grace.compareTo(max) > 0 ? grace : max;
            }
        }
        return max;
    }

    private Outcome stopOne(String id, long untilNanos) {
        return stopEntry(entry(id), untilNanos);
    }

    private Outcome stopEntry(Entry e, long untilNanos) {
        String id = e.manager.id();
        e.lock.lock();
        try {
            boolean recorded = Files.exists(processes.stateFile(id));
            if (!recorded && processes.find(id).isEmpty()) {
                clearLastError(id);
                if (e.snapshot.state() != ServiceState.NOT_INSTALLED) {
                    transition(e, ServiceState.STOPPED, null, null, List.of(), null);
                }
                return new Outcome(e.snapshot, null);
            }
            transition(e, ServiceState.STOPPING, e.snapshot.pid(), null, List.of(), null);
            StopResult result;
            try {
                result = untilNanos == Long.MAX_VALUE ? processes.stop(id)
                        : processes.stop(id, Duration.ofNanos(Math.max(0, untilNanos - System.nanoTime())));
            } catch (RuntimeException ex) {
                String msg = id + " could not be stopped: " + ex.getMessage();
                fail(e, msg, List.of());
                return new Outcome(e.snapshot, new ServiceException(id, msg, List.of(), ex));
            } finally {
                e.manager.afterStop();
            }
            clearLastError(id);
            Optional<String> problem = e.manager.stopProblem(result);
            transition(e, ServiceState.STOPPED, null, problem.orElse(null), List.of(), null);
            return new Outcome(e.snapshot, null);
        } finally {
            e.lock.unlock();
        }
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
        if (d.kind() == ServiceKind.NGINX) {
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

    /** Groups ids into levels: each level depends only on earlier ones (among the given ids). */
    private List<List<String>> levels(List<String> ids) {
        return DependencyGraph.levels(ids, this::dependencies);
    }

    // ---------------------------------------------------------------- state machine

    private Entry entry(String id) {
        Entry e = entries.get(id);
        if (e == null) {
            throw new ServiceException(id, "no service '" + id + "' in the config; known: " + String.join(", ", entries.keySet()));
        }
        return e;
    }

    /**
     * The one place a snapshot changes. Caller holds {@code e.lock}. Moving to an idle state puts
     * a waiting definition in force (the old manager's {@code afterStop} has run by then).
     */
    private void transition(Entry e, ServiceState to, Long pid, String lastError, List<String> logTail, String progress) {
        ServiceSnapshot s = e.snapshot;
        ServiceState.checkTransition(s.id(), s.state(), to);
        ServiceDefinition pending = e.pending;
        if (!to.isActive()) {
            e.startedWith = null;
            if (pending != null) {
                e.manager = ServiceManagers.create(pending, env);
                e.pending = null;
            }
        }
        ServiceManager m = e.manager;
        Instant since = s.state() == to ? s.since() : Instant.now();
        ServiceSnapshot next = new ServiceSnapshot(s.id(), m.definition().kind(), versionOf(m), to, pid,
                m.definition().port(), m.pidFile(), m.logFile(), m.url().orElse(null), lastError, logTail, progress,
                since, pendingRestart(e, to));
        e.snapshot = next;
        if (!next.equals(s)) {
            log.debug("{}: {} -> {}", s.id(), s.state(), to);
            for (ServiceListener l : listeners) {
                try {
                    l.onChange(next);
                } catch (RuntimeException ex) {
                    log.error("service listener failed on {}", next, ex);
                }
            }
        }
    }

    private void fail(Entry e, String message, List<String> logTail) {
        writeLastError(e.manager.id(), message);
        log.warn("{}", message);
        transition(e, ServiceState.FAILED, null, message, logTail, null);
    }

    /**
     * Whether the process runs a definition other than the configured one: changed in the config
     * since it started (here, or in another Stackyard process, as its {@code started-with} file says).
     */
    private static boolean pendingRestart(Entry e, ServiceState state) {
        ServiceDefinition wanted = e.pending != null ? e.pending : e.manager.definition();
        String running = e.startedWith;
        return state.isActive() && running != null && !running.equals(fingerprint(wanted));
    }

    /** A definition as text that is equal exactly when the definitions are (maps in key order). */
    static String fingerprint(ServiceDefinition d) {
        return d.toString().replace("env=" + d.env(), "env=" + new java.util.TreeMap<>(d.env()));
    }

    private static String versionOf(ServiceManager m) {
        if (m.definition().kind() == ServiceKind.PROCESS) {
            return null; // the user's own command has no version of ours to speak of
        }
        return m.installation().map(Installation::version)
                .orElse(m.definition().version());
    }

    private Path lastErrorFile(String id) {
        return env.serviceRunDir(id).resolve("last-error");
    }

    /** {@code RUN/ID/started-with}: the definition the running process was started with. */
    private static final String STARTED_WITH = "started-with";

    private void writeRunFile(String id, String name, String text) {
        try {
            Files.createDirectories(env.serviceRunDir(id));
            Files.writeString(env.serviceRunDir(id).resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            log.warn("{}: cannot write {}: {}", id, name, ex.getMessage());
        }
    }

    private Optional<String> readRunFile(String id, String name) {
        try {
            Path f = env.serviceRunDir(id).resolve(name);
            return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException ex) {
            return Optional.empty();
        }
    }

    private void writeLastError(String id, String message) {
        try {
            Files.createDirectories(env.serviceRunDir(id));
            Files.writeString(lastErrorFile(id), message, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            log.warn("{}: cannot record the last error: {}", id, ex.getMessage());
        }
    }

    private Optional<String> readLastError(String id) {
        try {
            Path f = lastErrorFile(id);
            return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip()) : Optional.empty();
        } catch (IOException ex) {
            return Optional.empty();
        }
    }

    private void clearLastError(String id) {
        try {
            Files.deleteIfExists(lastErrorFile(id));
        } catch (IOException ex) {
            log.warn("{}: cannot clear the last error: {}", id, ex.getMessage());
        }
    }

    private static Outcome await(String id, Future<Outcome> f) {
        try {
            return f.get();
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            ServiceException se = cause instanceof ServiceException s ? s
                    : new ServiceException(id, id + ": " + cause.getMessage(), List.of(), cause);
            return new Outcome(null, se);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Outcome(null, new ServiceException(id, id + ": interrupted"));
        }
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
            if (!workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("service operations still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
