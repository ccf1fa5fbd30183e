package dev.stackyard.core.service;

import dev.stackyard.core.process.ExitStatus;
import dev.stackyard.core.process.ReadinessCheck;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One service held by the registry, and its state machine: its manager, a changed definition
 * waiting for the service to be idle, and its current snapshot.
 *
 * <p>{@link #transition} is the one place a service's state (its snapshot) changes; it checks the
 * move against {@link ServiceState#next()} and tells the listeners. Callers hold {@link #lock}
 * for every transition and for every change of {@code manager}, {@code pending} and
 * {@code startedWith}; readers may read the volatile fields without it.
 */
final class ServiceEntry {
    private static final Logger log = LoggerFactory.getLogger(ServiceEntry.class);

    private final ServiceEnvironment env;
    private final RunRecords records;
    private final Iterable<ServiceListener> listeners;

    /** Serialises operations on this service; other services never wait for it. */
    final ReentrantLock lock = new ReentrantLock();
    volatile ServiceManager manager;
    /** A changed definition put in force when the service is next idle; null when none waits. */
    volatile ServiceDefinition pending;
    /** The definition its running process was started with ({@link RunRecords#fingerprint}); null when idle or unknown. */
    volatile String startedWith;
    /** The version its running process was started with (its start record); null when idle or unknown. */
    volatile RunRecords.RunVersion running;
    volatile ServiceSnapshot snapshot;
    /** How the last process of this service ended unexpectedly (exit or failed start), or null. */
    volatile ExitStatus lastExit;
    /** The readiness check of the process this registry started last, and that process's PID (health checks). */
    volatile ReadinessCheck health;
    volatile long healthPid;

    /** A new entry for {@code d}, STOPPED. */
    ServiceEntry(ServiceDefinition d, ServiceEnvironment env, RunRecords records, Iterable<ServiceListener> listeners) {
        this.env = env;
        this.records = records;
        this.listeners = listeners;
        this.manager = ServiceManagers.create(d, env);
        ShownVersions v = versions(manager, null);
        this.snapshot = new ServiceSnapshot(d.id(), d.kind(), v.version(), ServiceState.STOPPED, null,
                d.port(), manager.pidFile(), manager.logFile(), manager.url().orElse(null), null, List.of(), null,
                Instant.now(), false, null, manager.notice().orElse(null), v.exactVersion(), null);
    }

    String id() {
        return snapshot.id();
    }

    /** The definition this service is meant to run: the waiting one, else the one in force. */
    ServiceDefinition wanted() {
        ServiceDefinition p = pending;
        return p != null ? p : manager.definition();
    }

    /** Makes {@code d} the wanted definition; it waits only if it differs from the one in force. Caller holds {@link #lock} or owns a config change. */
    void want(ServiceDefinition d) {
        // Back to what runs: nothing waits any more.
        pending = manager.definition().equals(d) ? null : d;
    }

    /**
     * Puts a waiting definition in force once the service is idle, and makes the snapshot say
     * whether one still waits. Caller holds {@link #lock}.
     */
    void settlePendingLocked() {
        ServiceSnapshot s = snapshot;
        boolean swap = pending != null && !s.state().isActive();
        if (swap || s.pendingRestart() != pendingRestart(s.state())) {
            transition(s.state(), s.pid(), s.lastError(), s.logTail(), s.progress());
        }
    }

    /**
     * The one place a snapshot changes. Caller holds {@link #lock}. Moving to an idle state puts
     * a waiting definition in force (the old manager's {@code afterStop} has run by then).
     *
     * @throws IllegalStateException when {@code to} is not allowed from the current state
     */
    void transition(ServiceState to, Long pid, String lastError, List<String> logTail, String progress) {
        ServiceSnapshot s = snapshot;
        // A change within BACKOFF (a config change re-emitting it) keeps the scheduled restart.
        transition(to, pid, lastError, logTail, progress,
                to == ServiceState.BACKOFF && s.state() == ServiceState.BACKOFF ? s.nextRestartAt() : null);
    }

    /** {@link #transition(ServiceState, Long, String, List, String)}, with BACKOFF's next restart time. */
    void transition(ServiceState to, Long pid, String lastError, List<String> logTail, String progress,
                    Instant nextRestartAt) {
        ServiceSnapshot s = snapshot;
        ServiceState.checkTransition(s.id(), s.state(), to);
        ServiceDefinition waiting = pending;
        if (!to.isActive()) {
            startedWith = null;
            running = null;
            if (waiting != null) {
                manager = ServiceManagers.create(waiting, env);
                pending = null;
            }
        }
        ServiceManager m = manager;
        Instant since = s.state() == to ? s.since() : Instant.now();
        ShownVersions v = versions(m, to.isActive() ? running : null);
        ServiceSnapshot next = new ServiceSnapshot(s.id(), m.definition().kind(), v.version(), to, pid,
                m.definition().port(), m.pidFile(), m.logFile(), m.url().orElse(null), lastError, logTail, progress,
                since, pendingRestart(to), nextRestartAt, m.notice().orElse(null), v.exactVersion(), v.nextVersion());
        snapshot = next;
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

    /** Moves to FAILED with {@code message}, which is also kept as the last error. Caller holds {@link #lock}. */
    void fail(String message, List<String> logTail) {
        records.writeLastError(id(), message);
        log.warn("{}", message);
        transition(ServiceState.FAILED, null, message, logTail, null);
    }

    /**
     * Whether the process runs a definition other than the configured one: changed in the config
     * since it started (here, or in another Stackyard process, as its {@code started-with} file says).
     */
    private boolean pendingRestart(ServiceState state) {
        String running = startedWith;
        return state.isActive() && running != null && !running.equals(RunRecords.fingerprint(wanted()));
    }

    /** The versions a snapshot shows: see {@link ServiceSnapshot#version()}. */
    record ShownVersions(String version, String exactVersion, String nextVersion) {
    }

    private static ShownVersions versions(ServiceManager m, RunRecords.RunVersion running) {
        if (!m.definition().kind().spec().versions().versioned()) {
            return new ShownVersions(null, null, null); // the user's own command has no version of ours to speak of
        }
        return versions(running, m.installation().orElse(null), m.definition().version());
    }

    /**
     * What a snapshot says about versions, as a pure function: the running process's own version
     * when it has a start record, else what the next start would run ({@code next}, else the
     * configured {@code version}); and the next start's exact version when it differs from the running one.
     */
    static ShownVersions versions(RunRecords.RunVersion running, Installation next, String configured) {
        if (running != null) {
            String other = next != null && !next.exactVersion().equals(running.exactVersion()) ? next.exactVersion() : null;
            return new ShownVersions(running.version(), running.exactVersion(), other);
        }
        if (next != null) {
            return new ShownVersions(next.version(), next.exactVersion(), null);
        }
        return new ShownVersions(configured, configured, null);
    }
}
