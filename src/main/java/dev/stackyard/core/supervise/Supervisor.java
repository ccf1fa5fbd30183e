package dev.stackyard.core.supervise;

import dev.stackyard.core.process.ExitStatus;
import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceListener;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.supervise.RestartDecisions.Cause;
import dev.stackyard.core.supervise.RestartDecisions.Decision;
import dev.stackyard.core.supervise.RestartDecisions.Failure;
import dev.stackyard.core.supervise.RestartDecisions.Streak;
import dev.stackyard.core.supervise.SupervisionStatus.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Looks after the services of one registry while a front end runs (the window, {@code stackyard
 * run}): restarts a service that exited unexpectedly after a growing delay (BACKOFF), gives up on a
 * crash loop (FATAL), repeats each running service's readiness probe as a health check, and caps
 * the logs.
 *
 * <p>It only reacts: to the registry's snapshots (a crash arrives as FAILED from RUNNING), to user
 * intents written by other front ends ({@link UserIntents}), and to its own timers. It changes
 * services only through the registry's public start/stop and its BACKOFF/FATAL/release methods, so
 * the state machine stays the registry's. The decisions are {@link RestartDecisions}' pure functions.
 *
 * <p>A person's action always wins: a start (STARTING, or an adoption, that the supervisor did not
 * ask for) or a stop (STOPPED without a health restart under way) cancels a pending restart at once
 * and starts the failure count over. A failed start counts as a failure only when the supervisor
 * made it (a restart, or {@link #start(Collection)}); a person's failed start stays FAILED.
 *
 * <p>Threads: all bookkeeping runs on one scheduler thread (so {@link Track} needs no lock);
 * registry calls, which may take seconds, on an action pool; probes and log rotation on a probe
 * pool, at most one probe per service at a time (the next is scheduled when the last has answered).
 * Nothing sleeps; nothing runs on a UI thread.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    static final Duration LOG_CHECK = Duration.ofSeconds(10);
    private static final int TAIL = 20;

    private final ServiceRegistry registry;
    private final java.nio.file.Path runDir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("stackyard-supervisor").daemon(true).factory());
    private final ExecutorService actions = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("stackyard-supervisor-action-", 0).daemon(true).factory());
    private final ExecutorService probes = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("stackyard-probe-", 0).daemon(true).factory());
    private final Map<String, Track> tracks = new HashMap<>();
    private final ServiceListener listener = s -> post(() -> onSnapshot(s));
    private final IntentWatch intents;
    private volatile boolean closed;

    /** What the supervisor knows of one service. Touched only on the scheduler thread. */
    private static final class Track {
        ServiceState last;
        Streak streak = Streak.NONE;
        int restarts;
        ScheduledFuture<?> pending;
        Instant nextRestartAt;
        /** When the service last went to BACKOFF or FATAL: older user intents are already dealt with. */
        Instant decidedAt;
        boolean restarting;
        boolean healthStopping;
        String healthDetail;
        Instant runningSince;
        ScheduledFuture<?> probeTimer;
        boolean probing;
        int healthFailures;
        Health health = Health.UNKNOWN;
        String reason;
        SupervisionStatus published;
    }

    /**
     * @param registry the services to look after (it outlives the supervisor)
     * @param runDir   the home's run folder: intents are read, statuses written there
     */
    public Supervisor(ServiceRegistry registry, java.nio.file.Path runDir) {
        this.registry = registry;
        this.runDir = runDir;
        this.intents = new IntentWatch(UserIntents.folder(runDir), id -> post(() -> onIntent(id)));
    }

    /** Starts supervising: every service as it is now, then every change. */
    public Supervisor start() {
        registry.addListener(listener);
        post(() -> registry.snapshots().forEach(this::onSnapshot));
        intents.start();
        timer.scheduleWithFixedDelay(() -> execute(probes, this::capLogs), 0, LOG_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Starts services as the supervisor's own starts (what {@code stackyard run} does with the
     * autostart ones): a failed one is retried like a crash. Blocks like {@link ServiceRegistry#start(Collection)}.
     */
    public Map<String, ServiceRegistry.Outcome> start(java.util.Collection<String> ids) {
        try {
            timer.submit(() -> ids.forEach(id -> tracks.computeIfAbsent(id, k -> new Track()).restarting = true)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return registry.start(ids);
    }

    // ---------------------------------------------------------------- reacting to the registry

    private void onSnapshot(ServiceSnapshot s) {
        if (registry.snapshot(s.id()).isEmpty()) {
            return; // removed from the config
        }
        Track t = tracks.computeIfAbsent(s.id(), k -> new Track());
        ServiceState prev = t.last;
        t.last = s.state();
        if (prev == s.state() && s.state() != ServiceState.RUNNING) {
            publish(s.id(), t);
            return;
        }
        switch (s.state()) {
            case STARTING -> {
                if (!t.restarting && prev != null) {
                    userStart(t);
                }
            }
            case RUNNING -> {
                if (prev != ServiceState.RUNNING || t.runningSince == null) {
                    if (!t.restarting && (prev == ServiceState.BACKOFF || prev == ServiceState.FATAL)) {
                        userStart(t); // started by another front end and adopted
                    }
                    t.restarting = false;
                    t.runningSince = s.since();
                    t.healthFailures = 0;
                    t.health = Health.UNKNOWN;
                    scheduleProbe(s.id(), t, policy(s.id()).health().interval());
                }
            }
            case STOPPING -> cancelProbe(t);
            case STOPPED -> {
                cancelProbe(t);
                if (t.healthStopping) {
                    t.healthStopping = false;
                    failure(s.id(), t, Cause.HEALTH, null, t.healthDetail);
                } else if (prev != null) {
                    userStop(t);
                }
            }
            case FAILED -> {
                cancelProbe(t);
                if (prev == ServiceState.RUNNING) {
                    failure(s.id(), t, Cause.EXIT, registry.lastExit(s.id()).orElse(null), s.lastError());
                } else if (prev == ServiceState.STARTING && t.restarting) {
                    // A start the supervisor made (a restart, or `run`'s autostart) counts; a person's
                    // failed start stays FAILED in front of them.
                    failure(s.id(), t, Cause.START_FAILED, registry.lastExit(s.id()).orElse(null), s.lastError());
                } else if (t.healthStopping) {
                    t.healthStopping = false; // the stop itself failed: still a failure of the service
                    failure(s.id(), t, Cause.HEALTH, null, t.healthDetail);
                }
                t.restarting = false;
            }
            case NOT_INSTALLED -> {
                cancelPending(t);
                cancelProbe(t);
            }
            case BACKOFF, FATAL -> {
                // Entered on our own decision (see failure); nothing more to do.
            }
        }
        if (s.state() != ServiceState.RUNNING) {
            t.health = Health.UNKNOWN;
        }
        publish(s.id(), t);
    }

    private void userStart(Track t) {
        cancelPending(t);
        t.streak = Streak.NONE;
        t.restarts = 0;
        t.reason = null;
    }

    private void userStop(Track t) {
        cancelPending(t);
        t.streak = Streak.NONE;
        t.reason = null;
        t.restarting = false;
        t.runningSince = null;
    }

    private void failure(String id, Track t, Cause cause, ExitStatus exit, String detail) {
        Instant now = Instant.now();
        Duration ranFor = t.runningSince == null ? null : Duration.between(t.runningSince, now);
        SupervisionPolicy policy = policy(id);
        Decision d = RestartDecisions.afterFailure(policy, t.streak, new Failure(now, cause, exit, ranFor, detail));
        t.streak = d.streak();
        t.runningSince = null;
        switch (d) {
            case RestartDecisions.Restart r -> {
                t.restarts++;
                Instant at = now.plus(r.delay());
                t.nextRestartAt = at;
                t.decidedAt = now;
                String reason = what(cause, exit, detail) + ", restart in " + seconds(r.delay()) + " (" + r.attempt()
                        + "/" + r.max() + ")";
                t.reason = reason;
                // The restart is scheduled once the registry shows BACKOFF (a zero delay must not
                // find it still FAILED); a person acting meanwhile clears nextRestartAt.
                execute(actions, () -> {
                    boolean entered = registry.enterBackoff(id, at, reason).isPresent();
                    post(() -> {
                        if (entered && at.equals(t.nextRestartAt) && t.pending == null) {
                            long ms = Math.max(0, Duration.between(Instant.now(), at).toMillis());
                            t.pending = timer.schedule(() -> restartNow(id), ms, TimeUnit.MILLISECONDS);
                        }
                    });
                });
                log.info("{}: {}", id, reason);
            }
            case RestartDecisions.Fatal f -> {
                t.decidedAt = now;
                t.nextRestartAt = null;
                t.reason = f.reason();
                List<String> tail = registry.manager(id).map(m -> LogFiles.tail(m.logFile(), TAIL)).orElse(List.of());
                execute(actions, () -> registry.enterFatal(id, f.reason(), tail));
                log.warn("{}: {}", id, f.reason());
            }
            case RestartDecisions.Stay s -> log.info("{}: not restarted ({})", id, s.why());
        }
    }

    /** "exit 139", "killed by KILL", "start failed: ...", "health check failed 3 times: ...". */
    static String what(Cause cause, ExitStatus exit, String detail) {
        return switch (cause) {
            case EXIT -> exit == null || (exit.code() == null && exit.signal() == null) ? "exited (status unknown)"
                    : exit.code() != null ? "exit " + exit.code()
                    : "killed by " + exit.killedBy().map(Enum::name).orElse("signal " + exit.signal());
            case START_FAILED -> "start failed: " + detail;
            case HEALTH -> detail;
        };
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private void restartNow(String id) {
        Track t = tracks.get(id);
        if (t == null || closed) {
            return;
        }
        t.pending = null;
        t.nextRestartAt = null;
        Optional<ServiceSnapshot> s = registry.snapshot(id);
        if (s.isEmpty() || s.get().state() != ServiceState.BACKOFF) {
            return; // someone acted meanwhile
        }
        Optional<UserIntents.Intent> intent = UserIntents.read(runDir, id);
        if (intent.isPresent() && t.decidedAt != null && !intent.get().at().isBefore(t.decidedAt)) {
            onIntent(id); // a person asked from the CLI just now: the watch event is on its way
            return;
        }
        t.restarting = true;
        execute(actions, () -> {
            String error = null;
            try {
                registry.start(id);
            } catch (ServiceException e) {
                error = e.getMessage();
            }
            String err = error;
            post(() -> {
                if (t.restarting && registry.snapshot(id).map(ServiceSnapshot::state).orElse(null) == ServiceState.BACKOFF) {
                    // The start was refused before it began (not installed, a dependency failed).
                    t.restarting = false;
                    failure(id, t, Cause.START_FAILED, null, err);
                }
            });
        });
    }

    // ---------------------------------------------------------------- user intents from other JVMs

    private void onIntent(String id) {
        Track t = tracks.get(id);
        Optional<UserIntents.Intent> intent = UserIntents.read(runDir, id);
        if (t == null || intent.isEmpty() || (t.last != ServiceState.BACKOFF && t.last != ServiceState.FATAL)) {
            return; // a running service's stop is recognised by its stop marker
        }
        if (t.decidedAt != null && intent.get().at().isBefore(t.decidedAt)) {
            return;
        }
        if ("start".equals(intent.get().action())) {
            userStart(t);
        } else {
            userStop(t);
        }
        log.info("{}: {} asked by PID {}: pending restart cancelled", id, intent.get().action(), intent.get().pid());
        execute(actions, () -> registry.release(id));
    }

    // ---------------------------------------------------------------- health

    private void scheduleProbe(String id, Track t, Duration delay) {
        cancelProbe(t);
        if (!closed) {
            t.probeTimer = timer.schedule(() -> probe(id), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void cancelProbe(Track t) {
        if (t.probeTimer != null) {
            t.probeTimer.cancel(false);
            t.probeTimer = null;
        }
    }

    private void probe(String id) {
        Track t = tracks.get(id);
        if (t == null || t.last != ServiceState.RUNNING || t.probing || t.healthStopping) {
            return;
        }
        t.probeTimer = null;
        Optional<ReadinessCheck> check = registry.healthCheck(id);
        Long pid = registry.snapshot(id).map(ServiceSnapshot::pid).orElse(null);
        if (check.isEmpty() || pid == null) {
            t.health = Health.UNKNOWN; // adopted from another front end: no probe of ours to repeat
            publish(id, t);
            return;
        }
        t.probing = true;
        Duration timeout = policy(id).health().timeout();
        execute(probes, () -> {
            String failure = HealthProbe.run(check.get(), pid, timeout);
            post(() -> onProbe(id, pid, failure));
        });
    }

    private void onProbe(String id, long pid, String failure) {
        Track t = tracks.get(id);
        t.probing = false;
        Long now = registry.snapshot(id).map(ServiceSnapshot::pid).orElse(null);
        if (t.last != ServiceState.RUNNING || now == null || now != pid) {
            return; // it stopped or restarted meanwhile; its next RUNNING schedules a probe
        }
        SupervisionPolicy.Health policy = policy(id).health();
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
                publish(id, t);
                execute(actions, () -> {
                    try {
                        registry.stop(id);
                    } catch (ServiceException e) {
                        log.warn("{}: stop after failed health checks failed: {}", id, e.getMessage());
                    }
                });
                return;
            }
        }
        publish(id, t);
        scheduleProbe(id, t, policy.interval());
    }

    // ---------------------------------------------------------------- logs

    private void capLogs() {
        java.nio.file.Path events = EventLog.file(registry.environment().logDir());
        try {
            // Appended to by every front end, each line one O_APPEND write: it rotates like a daemon's log.
            dev.stackyard.core.logs.LogRotator.rotateIfLarger(events, SupervisionPolicy.Logs.DEFAULT.maxSize(),
                    SupervisionPolicy.Logs.DEFAULT.keep());
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("cannot rotate {}: {}", events, e.getMessage());
        }
        for (String id : List.copyOf(registry.ids())) {
            registry.manager(id).ifPresent(m -> {
                SupervisionPolicy.Logs caps = m.definition().supervision().logs();
                try {
                    long moved = dev.stackyard.core.logs.LogRotator.rotateIfLarger(m.logFile(), caps.maxSize(), caps.keep());
                    if (moved > 0) {
                        log.info("{}: rotated {} bytes of its log into {}.1", id, moved, m.logFile().getFileName());
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    log.warn("{}: cannot rotate {}: {}", id, m.logFile(), e.getMessage());
                }
            });
        }
    }

    // ---------------------------------------------------------------- plumbing

    private SupervisionPolicy policy(String id) {
        return registry.manager(id).map(m -> m.definition().supervision()).orElse(SupervisionPolicy.DEFAULT);
    }

    private void cancelPending(Track t) {
        if (t.pending != null) {
            t.pending.cancel(false);
            t.pending = null;
        }
        t.nextRestartAt = null;
    }

    /** Writes the service's supervision status for other front ends when it changed. */
    private void publish(String id, Track t) {
        boolean waiting = t.last == ServiceState.BACKOFF || t.last == ServiceState.FATAL;
        SupervisionStatus status = new SupervisionStatus(t.last, t.restarts,
                t.last == ServiceState.RUNNING ? t.health : Health.UNKNOWN,
                t.last == ServiceState.BACKOFF ? t.nextRestartAt : null, waiting ? t.reason : null);
        if (!status.equals(t.published)) {
            t.published = status;
            status.write(runDir, id);
        }
    }

    /** The current supervision status of {@code id} as this supervisor sees it (for tests and the UI). */
    public Optional<SupervisionStatus> status(String id) {
        try {
            return timer.submit(() -> Optional.ofNullable(tracks.get(id)).map(t -> t.published)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException | RejectedExecutionException e) {
            return Optional.empty();
        }
    }

    private void post(Runnable task) {
        execute(timer, () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("supervisor task failed", e);
            }
        });
    }

    private void execute(ExecutorService executor, Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("supervisor closed: task dropped");
        }
    }

    /**
     * Stops supervising: pending restarts and probes are cancelled, nothing is started or stopped.
     * Services keep their state (a service in BACKOFF stays so until a person acts).
     */
    @Override
    public void close() {
        closed = true;
        registry.removeListener(listener);
        intents.close();
        timer.shutdownNow();
        probes.shutdownNow();
        actions.shutdown();
    }
}
