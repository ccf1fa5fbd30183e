package dev.stackyard.core.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts, watches, adopts and stops processes, and never signals one that is not its own.
 *
 * <p>Every process runs in its own session through {@code setsid}, so its PID is also its process
 * group id, and a group signal reaches the workers it forks. At spawn the manager records the
 * process's identity (PID, start ticks, executable, boot id) in {@code STATE_DIR/ID.state}; a PID
 * file is only a hint. A later manager in another JVM adopts a process from that record after
 * checking every part of the identity, and watches its exit through a pidfd. Before the spawn the
 * start's mark is written to {@code STATE_DIR/ID.starting}, so a process spawned by a manager killed
 * before it wrote the record is still found, and ended, by the next ({@link StateDir.StartIntent}).
 *
 * <p>This class is the front of the process core; each job lives in a class of its own:
 * {@link Spawner} (spawn and readiness), {@link Adoption} (records, adoption, stale files; the
 * identity rule itself is {@link ProcessIdentity#whyNotAlive}), {@link ExitWatcher} (one thread
 * watching every adopted process's pidfd) and {@link ExitHandler} (what an exit sets off),
 * {@link StopLadder}, {@link GroupKill} (group and tree signalling), {@link ServiceMarker} (the mark
 * each start gives its processes, which finds those that left the group and session),
 * {@link Subreaper} (for a supervisor) and {@link ProcessEvents}.
 *
 * <p>Thread-safety: all methods may be called from any thread. Calls for one id are serialised,
 * within this JVM by a lock and across JVMs by a file lock on {@code STATE_DIR/ID.lock}; calls for
 * different ids never wait for each other. Events go to listeners on one event thread.
 *
 * <p>Closing the manager stops watching; it does not stop the processes (services outlive the CLI
 * invocation that started them). Use {@link #stopAll} for that.
 */
public final class ProcessManager implements AutoCloseable {
    private final StateDir files;
    private final ProcessTable table;
    private final ProcessEvents events = new ProcessEvents();
    private final ExitWatcher watcher = new ExitWatcher("stackyard-exit-watcher");
    private final ExitHandler exits;
    private final Adoption adoption;
    private final Spawner spawner;
    private final StopLadder ladder;
    private final boolean watchAdopted;

    /** What {@link #tryFind} saw, without waiting for anyone. */
    public sealed interface Lookup {
        /** The process is running (known, or adopted now). */
        record Running(ProcessInfo info) implements Lookup {
        }

        /** Nothing runs under the id (stale files found on the way are gone). */
        record NotRunning() implements Lookup {
        }

        /** Another thread or process holds the id's lock (a start or stop is under way): ask again later. */
        record Busy() implements Lookup {
        }
    }

    /**
     * A manager that watches every process it adopts (the window, {@code stackyard run}, the tests).
     *
     * @param stateDir folder for state, PID and lock files (created, mode 0700 where possible)
     */
    public ProcessManager(Path stateDir) {
        this(stateDir, true);
    }

    /**
     * @param stateDir     folder for state, PID and lock files (created, mode 0700 where possible)
     * @param watchAdopted false for a manager that only reports what runs and acts on it (a one-shot
     *                     CLI call): {@link #find} and {@link #tryFind} then describe a process another
     *                     manager started without adopting it (no pidfd, no exit watch, no
     *                     {@link ProcessEvent.Adopted}); a stop or signal still adopts it first
     */
    public ProcessManager(Path stateDir, boolean watchAdopted) {
        this.watchAdopted = watchAdopted;
        this.files = new StateDir(stateDir);
        this.table = new ProcessTable(files);
        this.exits = new ExitHandler(files, table, events);
        this.adoption = new Adoption(files, table, exits, watcher, events);
        this.spawner = new Spawner(files, table, exits, events);
        this.ladder = new StopLadder(files, table);
    }

    public Path stateDir() {
        return files.dir();
    }

    public void addListener(ProcessListener listener) {
        events.add(listener);
    }

    public void removeListener(ProcessListener listener) {
        events.remove(listener);
    }

    /** Where the manager keeps the state record of {@code id}. */
    public Path stateFile(String id) {
        return files.stateFile(id);
    }

    /** The PID file the manager writes for a process whose daemon writes none. */
    public Path ownPidFile(String id) {
        return files.ownPidFile(id);
    }

    /**
     * Starts {@code spec} and returns once it is alive and {@code readiness} says it is ready. If
     * the id is already running (here, or in another manager's record that checks out), returns
     * that process and spawns nothing.
     *
     * @throws StartFailedException when it cannot be spawned, exits before ready, is not ready
     *         within {@code readyTimeout}, or the readiness check throws anything but "not ready";
     *         the exception carries the exit status and the last log lines, and nothing is left
     *         running or on disk
     */
    public ProcessInfo start(ProcessSpec spec, ReadinessCheck readiness, Duration readyTimeout) {
        return files.withLock(spec.id(), () -> {
            Optional<Managed> existing = adoption.lookupLocked(spec.id(), spec.pidFile());
            if (existing.isPresent()) {
                return existing.get().info();
            }
            return spawner.spawnLocked(spec, readiness, readyTimeout);
        });
    }

    /**
     * The running process with this id, adopting it from its state record if this manager does
     * not know it yet (a manager that does not watch adopted processes only describes it). Removes stale PID and state files it finds on the way (and says so in a
     * {@link ProcessEvent.StaleFileRemoved}). Never signals anything. Waits for the id's lock.
     *
     * @param daemonPidFile the PID file the daemon writes, if any, so a stale one is cleaned too
     */
    public Optional<ProcessInfo> find(String id, Path daemonPidFile) {
        Managed known = table.get(id);
        if (known != null && !known.exit.isDone()) {
            return Optional.of(known.info());
        }
        return files.withLock(id, () -> lookupLocked(id, daemonPidFile));
    }

    public Optional<ProcessInfo> find(String id) {
        return find(id, null);
    }

    /**
     * {@link #find(String, Path)} that never waits: {@link Lookup.Busy} at once when another thread
     * or process holds the id's lock (a CLI running a ten-second initdb, say). For periodic refreshes.
     */
    public Lookup tryFind(String id, Path daemonPidFile) {
        Managed known = table.get(id);
        if (known != null && !known.exit.isDone()) {
            return new Lookup.Running(known.info());
        }
        return files.tryWithLock(id, () -> lookupLocked(id, daemonPidFile)
                        .<Lookup>map(Lookup.Running::new)
                        .orElseGet(Lookup.NotRunning::new))
                .orElseGet(Lookup.Busy::new);
    }

    private Optional<ProcessInfo> lookupLocked(String id, Path daemonPidFile) {
        return watchAdopted ? adoption.lookupLocked(id, daemonPidFile).map(Managed::info)
                : adoption.peekLocked(id, daemonPidFile);
    }

    /** Every process recorded in the state folder that is verifiably ours and running now. */
    public List<ProcessInfo> adoptAll() {
        List<ProcessInfo> out = new ArrayList<>();
        for (String id : recordedIds()) {
            find(id).ifPresent(out::add);
        }
        return out;
    }

    /** Ids this manager runs, plus ids with a state record (running or stale). */
    public Set<String> recordedIds() {
        return files.recordedIds(table.ids());
    }

    /** Stops {@code id} with its own stop ladder. See {@link #stop(String, Duration)}. */
    public StopResult stop(String id) {
        return stop(id, null);
    }

    /**
     * Walks the stop ladder, waiting on the exit (never sleeping), then kills whatever is left of
     * the process group and of the process tree seen when the stop began, and removes the PID and
     * state files. Stopping something already stopped succeeds with {@code ALREADY_STOPPED}.
     *
     * @param deadline when not null, the ladder is cut short so the final KILL comes no later
     *                 than this after the call
     */
    public StopResult stop(String id, Duration deadline) {
        long t0 = System.nanoTime();
        long limit = deadline == null ? Long.MAX_VALUE : t0 + deadline.toNanos();
        return files.withLock(id, () -> adoption.lookupLocked(id, null)
                .map(m -> ladder.stopLocked(m, t0, limit))
                .orElseGet(() -> new StopResult(id, StopResult.Outcome.ALREADY_STOPPED, ExitStatus.unknown(),
                        Duration.ofNanos(System.nanoTime() - t0))));
    }

    /**
     * Stops every process this manager runs or has a record of, all at once, each cut short by the
     * same deadline. Takes about as long as the slowest stop, not the sum.
     */
    public Map<String, StopResult> stopAll(Duration deadline) {
        Set<String> ids = recordedIds();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, ids.size()),
                Thread.ofPlatform().name("stackyard-stop-", 0).daemon(true).factory());
        try {
            Map<String, Future<StopResult>> futures = new LinkedHashMap<>();
            for (String id : ids) {
                futures.put(id, pool.submit(() -> stop(id, deadline)));
            }
            Map<String, StopResult> results = new LinkedHashMap<>();
            List<RuntimeException> failures = new ArrayList<>();
            for (var e : futures.entrySet()) {
                try {
                    results.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException ex) {
                    failures.add(ex.getCause() instanceof RuntimeException re ? re
                            : new ProcessException(e.getKey(), "stop failed", ex.getCause()));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new ProcessException(e.getKey(), "interrupted while stopping");
                }
            }
            if (!failures.isEmpty()) {
                RuntimeException first = failures.getFirst();
                failures.subList(1, failures.size()).forEach(first::addSuppressed);
                throw first;
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Sends a signal to a running process (or, with {@code group}, to its whole process group).
     *
     * @return false when {@code id} is not running
     */
    public boolean signal(String id, Signal signal, boolean group) {
        return files.withLock(id, () -> {
            Optional<Managed> m = adoption.lookupLocked(id, null);
            if (m.isEmpty()) {
                return false;
            }
            if (group) {
                GroupKill.sendToGroup(m.get(), signal);
            } else {
                GroupKill.sendToLeader(m.get(), signal);
            }
            return true;
        });
    }

    /** Waits for the exit of a running process. Empty when it did not exit in time or is unknown. */
    public Optional<ExitStatus> awaitExit(String id, Duration timeout) {
        Managed m = table.get(id);
        return m == null ? Optional.empty() : Managed.waitFor(m.exit, timeout);
    }

    /**
     * Lets go of everything this manager holds: ends the exit-watcher, clean-up and event threads
     * (events already queued are delivered first) and closes every pidfd. The processes keep
     * running; another manager adopts them. Call once no other call on this manager is under way.
     */
    @Override
    public void close() {
        watcher.close();
        exits.close();
        for (Managed m : table.all()) {
            m.release();
        }
        events.close();
    }

    /** The exit-watcher thread, or null while nothing was adopted (for tests of the thread count). */
    Thread exitWatcherThread() {
        return watcher.thread();
    }
}
