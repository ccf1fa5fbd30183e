package dev.stackyard.core.supervise;

import dev.stackyard.core.process.ExitStatus;
import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.process.Subreaper;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
 * <p>Threads: all bookkeeping runs on one scheduler thread (so {@link SupervisionTrack} needs no lock);
 * registry calls, which may take seconds, on an action pool; probes and log rotation on a probe
 * pool, at most one probe per service at a time (the next is scheduled when the last has answered).
 * Nothing sleeps; nothing runs on a UI thread.
 *
 * <p>This class schedules restarts (and reacts to snapshots and intents); health probing is
 * {@link HealthChecks}, status publication {@link StatusPublisher}, log capping {@link LogCaps},
 * the threads {@link SupervisorThreads}.
 */
public final class Supervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);
    static final Duration LOG_CHECK = Duration.ofSeconds(10);
    /** How often zombies re-parented to the {@link Subreaper} are looked for. */
    private static final Duration REAP_SWEEP = Duration.ofSeconds(2);
    private static final int TAIL = 20;

    private final ServiceRegistry registry;
    private final java.nio.file.Path runDir;
    private final SupervisorThreads threads = new SupervisorThreads();
    private final ScheduledExecutorService timer = threads.timer;
    private final ExecutorService actions = threads.actions;
    private final ExecutorService probes = threads.probes;
    private final Map<String, SupervisionTrack> tracks = new HashMap<>();
    private final ServiceListener listener = s -> post(() -> onSnapshot(s));
    private final IntentWatch intents;
    private final StatusPublisher publisher;
    private final HealthChecks health;
    private Subreaper subreaper;

    /**
     * @param registry the services to look after (it outlives the supervisor)
     * @param runDir   the home's run folder: intents are read, statuses written there
     */
    public Supervisor(ServiceRegistry registry, java.nio.file.Path runDir) {
        this.registry = registry;
        this.runDir = runDir;
        this.publisher = new StatusPublisher(runDir);
        this.health = new HealthChecks(registry, threads, tracks, publisher);
        this.intents = new IntentWatch(UserIntents.folder(runDir), id -> post(() -> onIntent(id)));
    }

    /** Starts supervising: every service as it is now, then every change. */
    public Supervisor start() {
        registry.addListener(listener);
        post(() -> registry.snapshots().forEach(this::onSnapshot));
        intents.start();
        timer.scheduleWithFixedDelay(() -> execute(probes, () -> LogCaps.capLogs(registry)), 0, LOG_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        subreaper = Subreaper.enable();
        Subreaper reaper = subreaper;
        timer.scheduleWithFixedDelay(() -> {
            try {
                reaper.sweep();
            } catch (RuntimeException e) {
                log.warn("sweep for re-parented zombies failed", e);
            }
        }, REAP_SWEEP.toMillis(), REAP_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Starts services as the supervisor's own starts (what {@code stackyard run} does with the
     * autostart ones): a failed one is retried like a crash. Blocks like {@link ServiceRegistry#start(Collection)}.
     */
    public Map<String, ServiceRegistry.Outcome> start(java.util.Collection<String> ids) {
        try {
            timer.submit(() -> ids.forEach(id -> tracks.computeIfAbsent(id, k -> new SupervisionTrack()).restarting = true)).get();
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
        SupervisionTrack t = tracks.computeIfAbsent(s.id(), k -> new SupervisionTrack());
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
                    health.schedule(s.id(), t, policy(s.id()).health().interval());
                }
            }
            case STOPPING -> health.cancel(t);
            case STOPPED -> {
                health.cancel(t);
                if (t.healthStopping) {
                    t.healthStopping = false;
                    failure(s.id(), t, Cause.HEALTH, null, t.healthDetail);
                } else if (prev != null) {
                    userStop(t);
                }
            }
            case FAILED -> {
                health.cancel(t);
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
                health.cancel(t);
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

    private void userStart(SupervisionTrack t) {
        cancelPending(t);
        t.streak = Streak.NONE;
        t.restarts = 0;
        t.reason = null;
    }

    private void userStop(SupervisionTrack t) {
        cancelPending(t);
        t.streak = Streak.NONE;
        t.reason = null;
        t.restarting = false;
        t.runningSince = null;
    }

    private void failure(String id, SupervisionTrack t, Cause cause, ExitStatus exit, String detail) {
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
        SupervisionTrack t = tracks.get(id);
        if (t == null || threads.closed()) {
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
        SupervisionTrack t = tracks.get(id);
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

    // ---------------------------------------------------------------- plumbing

    private SupervisionPolicy policy(String id) {
        return policy(registry, id);
    }

    /** The supervision policy of {@code id}'s kind and config, or the default for an unknown id. */
    static SupervisionPolicy policy(ServiceRegistry registry, String id) {
        return registry.manager(id).map(m -> m.definition().supervision()).orElse(SupervisionPolicy.DEFAULT);
    }

    private void cancelPending(SupervisionTrack t) {
        if (t.pending != null) {
            t.pending.cancel(false);
            t.pending = null;
        }
        t.nextRestartAt = null;
    }

    private void publish(String id, SupervisionTrack t) {
        publisher.publish(id, t);
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
        threads.post(task);
    }

    private void execute(ExecutorService executor, Runnable task) {
        threads.execute(executor, task);
    }

    /**
     * Stops supervising: pending restarts and probes are cancelled, nothing is started or stopped.
     * Services keep their state (a service in BACKOFF stays so until a person acts).
     */
    @Override
    public void close() {
        threads.markClosed();
        registry.removeListener(listener);
        intents.close();
        threads.shutdown();
        if (subreaper != null) {
            subreaper.close();
        }
    }
}
