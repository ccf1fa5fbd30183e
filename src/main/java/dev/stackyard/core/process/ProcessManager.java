package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Starts, watches, adopts and stops processes, and never signals one that is not its own.
 *
 * <p>Every process runs in its own session through {@code setsid}, so its PID is also its process
 * group id, and a group signal reaches the workers it forks. At spawn the manager records the
 * process's identity (PID, start ticks, executable, boot id) in {@code STATE_DIR/ID.state}; a PID
 * file is only a hint. A later manager in another JVM adopts a process from that record after
 * checking every part of the identity, and watches its exit through a pidfd.
 *
 * <p>Thread-safety: all methods may be called from any thread. Calls for one id are serialised,
 * within this JVM by a lock and across JVMs by a file lock on {@code STATE_DIR/ID.lock}; calls for
 * different ids never wait for each other. Events go to listeners on one event thread.
 *
 * <p>Closing the manager stops watching; it does not stop the processes (services outlive the CLI
 * invocation that started them). Use {@link #stopAll} for that.
 */
public final class ProcessManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessManager.class);
    private static final int LOG_TAIL_LINES = 20;
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration PROBE_PAUSE_MIN = Duration.ofMillis(1);
    private static final Duration PROBE_PAUSE_MAX = Duration.ofMillis(5);

    private final Path stateDir;
    private final String setsid;
    private final String setsidExe;
    private final Map<String, Managed> running = new ConcurrentHashMap<>();
    private final List<ProcessListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService events = Executors.newSingleThreadExecutor(daemon("stackyard-process-events"));
    private final ExecutorService cleanup = Executors.newCachedThreadPool(daemon("stackyard-process-cleanup"));

    /** One process this manager knows to be ours and running (or just exited). */
    private static final class Managed {
        final String id;
        volatile ProcessIdentity identity;
        final int pidfd;
        final Process child;
        final CompletableFuture<ExitStatus> exit;
        final Instant startedAt;
        final boolean adopted;
        final Path logFile;
        final Path pidFile;
        final StopPolicy stopPolicy;
        final List<String> argv;
        volatile boolean starting;
        volatile boolean expectingExit;
        private boolean pidfdClosed;

        Managed(String id, ProcessIdentity identity, int pidfd, Process child, CompletableFuture<ExitStatus> exit,
                Instant startedAt, boolean adopted, Path logFile, Path pidFile, StopPolicy stopPolicy,
                List<String> argv) {
            this.id = id;
            this.identity = identity;
            this.pidfd = pidfd;
            this.child = child;
            this.exit = exit;
            this.startedAt = startedAt;
            this.adopted = adopted;
            this.logFile = logFile;
            this.pidFile = pidFile;
            this.stopPolicy = stopPolicy;
            this.argv = argv;
        }

        long pid() {
            return identity.pid();
        }

        ProcessInfo info() {
            return new ProcessInfo(id, identity, startedAt, adopted, logFile, pidFile, stopPolicy);
        }

        StateFile state() {
            return new StateFile(identity, identity.pid(), startedAt, stopPolicy, logFile, pidFile, argv);
        }



        /** Only ever called with the id's lock held, after the exit, so no signal can race it. */
        synchronized void closePidfd() {
            if (pidfd >= 0 && !pidfdClosed) {
                pidfdClosed = true;
                Native.close(pidfd);
            }
        }
    }

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
     * @param stateDir folder for state, PID and lock files (created, mode 0700 where possible)
     */
    public ProcessManager(Path stateDir) {
        this.stateDir = stateDir.toAbsolutePath();
        try {
            Files.createDirectories(this.stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state folder " + stateDir, e);
        }
        this.setsid = Executables.findOnPath("setsid").map(Path::toString).orElseThrow(
                () -> new IllegalStateException("setsid (util-linux) is required but not found on PATH"));
        this.setsidExe = realPath(setsid);
    }

    public Path stateDir() {
        return stateDir;
    }

    public void addListener(ProcessListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ProcessListener listener) {
        listeners.remove(listener);
    }

    /** Where the manager keeps the state record of {@code id}. */
    public Path stateFile(String id) {
        return stateDir.resolve(id + ".state");
    }

    /** The PID file the manager writes for a process whose daemon writes none. */
    public Path ownPidFile(String id) {
        return stateDir.resolve(id + ".pid");
    }

    // ---------------------------------------------------------------- start

    /**
     * Starts {@code spec} and returns once it is alive and {@code readiness} says it is ready. If
     * the id is already running (here, or in another manager's record that checks out), returns
     * that process and spawns nothing.
     *
     * @throws StartFailedException when it cannot be spawned, exits before ready, or is not ready
     *         within {@code readyTimeout}; the exception carries the exit status and the last log
     *         lines, and nothing is left running or on disk
     */
    public ProcessInfo start(ProcessSpec spec, ReadinessCheck readiness, Duration readyTimeout) {
        return withLock(spec.id(), () -> {
            Optional<Managed> existing = lookupLocked(spec.id(), spec.pidFile());
            if (existing.isPresent()) {
                return existing.get().info();
            }
            return spawnLocked(spec, readiness, readyTimeout);
        });
    }

    private ProcessInfo spawnLocked(ProcessSpec spec, ReadinessCheck readiness, Duration readyTimeout) {
        String id = spec.id();
        List<String> command = new ArrayList<>();
        command.add(setsid);
        command.addAll(spec.argv());
        Optional<Path> program = Executables.resolve(spec.argv().getFirst(), spec.env());
        if (program.isEmpty()) {
            throw new StartFailedException(id, StartFailedException.Reason.SPAWN_FAILED,
                    id + ": cannot run " + spec.argv().getFirst() + ": no such executable", null,
                    spec.argv(), List.of(), null);
        }
        Path pidFile = spec.pidFile() != null ? spec.pidFile().toAbsolutePath() : ownPidFile(id);
        try {
            Files.deleteIfExists(stopMarker(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + stopMarker(id), e);
        }
        Process child;
        Instant startedAt = Instant.now();
        try {
            Files.createDirectories(spec.workDir());
            Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
            Files.writeString(spec.logFile(), "---- stackyard " + startedAt + " start: " + String.join(" ", spec.argv())
                    + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(spec.workDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(spec.env());
            child = pb.start();
        } catch (IOException e) {
            throw new StartFailedException(id, StartFailedException.Reason.SPAWN_FAILED,
                    id + ": cannot start " + spec.argv().getFirst() + ": " + e.getMessage(), null,
                    spec.argv(), LogFiles.tail(spec.logFile(), LOG_TAIL_LINES), e);
        }
        long pid = child.pid();
        CompletableFuture<ExitStatus> exit = child.onExit().thenApply(p -> ExitStatus.ofJavaExitValue(p.exitValue()));
        int pidfd = Native.pidfdOpenIfAlive(pid);
        Optional<ProcFs.Stat> stat = ProcFs.stat(pid);
        // The exe is recorded once the daemon has replaced setsid (see awaitExec).
        ProcessIdentity identity = new ProcessIdentity(pid, stat.map(ProcFs.Stat::startTicks).orElse(-1L), null,
                ProcFs.bootId());
        Managed m = new Managed(id, identity, pidfd, child, exit, startedAt, false, spec.logFile().toAbsolutePath(),
                pidFile, spec.stopPolicy(), spec.argv());
        m.starting = true;
        running.put(id, m);
        exit.whenComplete((status, error) -> onExit(m, status != null ? status : ExitStatus.unknown()));
        try {
            if (stat.isEmpty()) {
                throw failure(m, StartFailedException.Reason.EXITED_BEFORE_READY, null);
            }
            m.state().write(stateFile(id));
            if (spec.pidFile() == null) {
                PidFiles.write(pidFile, pid);
            }
            awaitReady(m, readiness, readyTimeout);
            m.identity = identity.withExe(ProcFs.exe(pid).orElse(null));
            if (!m.identity.isAliveAndSame()) {
                throw failure(m, StartFailedException.Reason.EXITED_BEFORE_READY, null);
            }
            m.state().write(stateFile(id));
            m.starting = false;
            publish(new ProcessEvent.Ready(id, pid, Instant.now()));
            log.info("{} ready as PID {} after {} ms", id, pid, Duration.between(startedAt, Instant.now()).toMillis());
            return m.info();
        } catch (StartFailedException e) {
            abandon(m);
            throw e;
        } catch (IOException | RuntimeException e) {
            abandon(m);
            throw new StartFailedException(id, StartFailedException.Reason.SPAWN_FAILED,
                    id + ": start failed: " + e.getMessage(), null, spec.argv(),
                    LogFiles.tail(spec.logFile(), LOG_TAIL_LINES), e);
        }
    }

    /**
     * Probes until ready, pausing between probes on the exit future, so a death ends the wait at
     * once. The first probe waits for the exec of the daemon itself (PID still running setsid).
     */
    private void awaitReady(Managed m, ReadinessCheck readiness, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = PROBE_PAUSE_MIN;
        String lastProblem = null;
        while (true) {
            if (m.exit.isDone()) {
                throw failure(m, StartFailedException.Reason.EXITED_BEFORE_READY, null);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw failure(m, StartFailedException.Reason.NOT_READY_IN_TIME, lastProblem);
            }
            if (execDone(m)) {
                try {
                    if (readiness.isReady(m.pid(), Duration.ofNanos(Math.min(remaining, Duration.ofSeconds(2).toNanos())))) {
                        if (!m.exit.isDone()) {
                            return;
                        }
                        continue;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure(m, StartFailedException.Reason.NOT_READY_IN_TIME, "interrupted");
                } catch (Exception e) {
                    lastProblem = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                }
            }
            remaining = deadline - System.nanoTime();
            awaitExit(m, Duration.ofNanos(Math.max(0, Math.min(pause.toNanos(), remaining))));
            pause = pause.multipliedBy(2).compareTo(PROBE_PAUSE_MAX) > 0 ? PROBE_PAUSE_MAX : pause.multipliedBy(2);
        }
    }

    private boolean execDone(Managed m) {
        return ProcFs.exe(m.pid()).map(exe -> !exe.equals(setsidExe)).orElse(false);
    }

    private StartFailedException failure(Managed m, StartFailedException.Reason reason, String detail) {
        String message;
        ExitStatus status = null;
        if (reason == StartFailedException.Reason.EXITED_BEFORE_READY) {
            status = waitFor(m.exit, KILL_WAIT).orElse(ExitStatus.unknown());
            message = m.id + " exited before it was ready (" + status.describe() + ")";
        } else {
            message = m.id + " was not ready within the deadline" + (detail != null ? ": " + detail : "");
        }
        return new StartFailedException(m.id, reason, message, status, m.argv,
                LogFiles.tail(m.logFile, LOG_TAIL_LINES), null);
    }

    /** A start that failed: kill whatever it left, forget it and remove its files. */
    private void abandon(Managed m) {
        m.expectingExit = true;
        List<PinnedProcess> tree = snapshotTree(m);
        if (!m.exit.isDone()) {
            sendToGroup(m, Signal.KILL);
        }
        awaitExit(m, KILL_WAIT);
        killLeftovers(m, tree);
        removeFiles(m);
        running.remove(m.id, m);
        m.closePidfd();
    }

    // ---------------------------------------------------------------- lookup and adoption

    /**
     * The running process with this id, adopting it from its state record if this manager does
     * not know it yet. Removes stale PID and state files it finds on the way (and says so in a
     * {@link ProcessEvent.StaleFileRemoved}). Never signals anything.
     *
     * @param daemonPidFile the PID file the daemon writes, if any, so a stale one is cleaned too
     */
    public Optional<ProcessInfo> find(String id, Path daemonPidFile) {
        Managed known = running.get(id);
        if (known != null && !known.exit.isDone()) {
            return Optional.of(known.info());
        }
        return withLock(id, () -> lookupLocked(id, daemonPidFile).map(Managed::info));
    }

    public Optional<ProcessInfo> find(String id) {
        return find(id, null);
    }

    /**
     * Like {@link #find(String, Path)}, but never waits for the id's lock: while another thread or
     * another Stackyard process holds it (a start with a ten-second initdb), answers
     * {@link Lookup.Busy} at once.
     */
    public Lookup tryFind(String id, Path daemonPidFile) {
        Managed known = running.get(id);
        if (known != null && !known.exit.isDone()) {
            return new Lookup.Running(known.info());
        }
        return FileLocks.tryWith(stateDir.resolve(id + ".lock"), () -> lookupLocked(id, daemonPidFile)
                        .<Lookup>map(m -> new Lookup.Running(m.info()))
                        .orElseGet(Lookup.NotRunning::new))
                .orElseGet(Lookup.Busy::new);
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
        Set<String> ids = new TreeSet<>(running.keySet());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDir, "*.state")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                ids.add(name.substring(0, name.length() - ".state".length()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + stateDir, e);
        }
        return ids;
    }

    private Optional<Managed> lookupLocked(String id, Path daemonPidFile) {
        Managed known = running.get(id);
        if (known != null) {
            if (!known.exit.isDone()) {
                return Optional.of(known);
            }
            cleanupAfterExitLocked(known);
        }
        Path stateFile = stateFile(id);
        Optional<StateFile> record;
        try {
            record = StateFile.read(stateFile);
        } catch (IOException e) {
            removeStale(id, stateFile, "unreadable state file: " + e.getMessage());
            removeStalePidFile(id, ownPidFile(id), OptionalLong.empty());
            removeStalePidFile(id, daemonPidFile, OptionalLong.empty());
            return Optional.empty();
        }
        if (record.isEmpty()) {
            // No record: whatever a PID file names was not started by us, so it is never signalled.
            removeStalePidFile(id, ownPidFile(id), OptionalLong.empty());
            removeStalePidFile(id, daemonPidFile, OptionalLong.empty());
            return Optional.empty();
        }
        StateFile s = record.get();
        ProcessIdentity identity = s.identity();
        String verdict = verdict(identity);
        if (verdict != null) {
            removeStale(id, stateFile, verdict);
            killOrphanedGroup(id, s);
            removeStalePidFile(id, s.pidFile(), OptionalLong.empty());
            removeStalePidFile(id, daemonPidFile, OptionalLong.empty());
            return Optional.empty();
        }
        int pidfd = Native.pidfdOpenIfAlive(identity.pid());
        if (pidfd < 0 || !identity.isAliveAndSame()) {
            if (pidfd >= 0) {
                Native.close(pidfd);
            }
            removeStale(id, stateFile, "PID " + identity.pid() + " exited");
            return Optional.empty();
        }
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        Managed m = new Managed(id, identity, pidfd, null, exit, s.startedAt(), true, s.logFile(), s.pidFile(),
                s.stopPolicy(), s.argv());
        running.put(id, m);
        exit.whenComplete((status, error) -> onExit(m, status != null ? status : ExitStatus.unknown()));
        Thread watcher = new Thread(() -> {
            Native.pollReadable(new int[]{pidfd}, -1);
            exit.complete(ExitStatus.unknown());
        }, "stackyard-pidfd-" + id);
        watcher.setDaemon(true);
        watcher.start();
        publish(new ProcessEvent.Adopted(id, identity.pid(), Instant.now()));
        log.info("{}: adopted PID {}", id, identity.pid());
        return Optional.of(m);
    }

    /** Null when the recorded process is alive and ours; otherwise why the record is stale. */
    private static String verdict(ProcessIdentity identity) {
        if (!identity.bootId().equals(ProcFs.bootId())) {
            return "recorded in an earlier boot";
        }
        Optional<ProcFs.Stat> stat = ProcFs.stat(identity.pid());
        if (stat.isEmpty()) {
            return "PID " + identity.pid() + " is not running";
        }
        if (stat.get().isZombie()) {
            return "PID " + identity.pid() + " is a zombie";
        }
        if (stat.get().startTicks() != identity.startTicks()) {
            return "PID " + identity.pid() + " now belongs to another process";
        }
        if (identity.exe() != null && !identity.exe().equals(ProcFs.exe(identity.pid()).orElse(null))) {
            return "PID " + identity.pid() + " now runs another program";
        }
        return null;
    }

    /**
     * The leader of a recorded group died while nobody watched; its workers may live on holding a
     * port. Kill the members that are verifiably from that group: same process group, the same
     * executable, started no earlier than the leader, and no new process holds the leader's PID.
     */
    private void killOrphanedGroup(String id, StateFile s) {
        ProcessIdentity leader = s.identity();
        if (!leader.bootId().equals(ProcFs.bootId()) || leader.exe() == null || s.pgid() <= 1) {
            return;
        }
        if (ProcFs.stat(s.pgid()).filter(st -> !st.isZombie()).isPresent()) {
            return; // the PID is taken by someone else now, so the group id may be theirs
        }
        for (ProcFs.Stat member : ProcFs.groupMembers(s.pgid())) {
            if (member.startTicks() >= leader.startTicks()
                    && leader.exe().equals(ProcFs.exe(member.pid()).orElse(null))) {
                PinnedProcess t = PinnedProcess.open(member);
                if (t != null) {
                    log.warn("{}: killing PID {} left behind by a dead process group {}", id, member.pid(), s.pgid());
                    t.kill();
                    t.awaitAndClose(KILL_WAIT);
                }
            }
        }
    }

    private void removeStale(String id, Path file, String reason) {
        try {
            if (Files.deleteIfExists(file)) {
                log.info("{}: stale file {} removed: {}", id, file, reason);
                publish(new ProcessEvent.StaleFileRemoved(id, file, reason, Instant.now()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale file " + file, e);
        }
    }

    /**
     * Removes a PID file that has no live record behind it. {@code keepFor}, when present, is a PID
     * whose file must stay (it is ours and alive).
     */
    private void removeStalePidFile(String id, Path pidFile, OptionalLong keepFor) {
        if (pidFile == null || !Files.exists(pidFile)) {
            return;
        }
        OptionalLong named = PidFiles.read(pidFile);
        if (keepFor.isPresent() && named.isPresent() && named.getAsLong() == keepFor.getAsLong()) {
            return;
        }
        String reason;
        if (named.isEmpty()) {
            reason = "stale PID file removed: no valid PID in it";
        } else {
            Optional<ProcFs.Stat> st = ProcFs.stat(named.getAsLong());
            if (st.isEmpty()) {
                reason = "stale PID file removed: PID " + named.getAsLong() + " is not running";
            } else if (st.get().isZombie()) {
                reason = "stale PID file removed: PID " + named.getAsLong() + " is a zombie";
            } else {
                reason = "stale PID file removed: PID " + named.getAsLong() + " is not a process Stackyard started";
            }
        }
        removeStale(id, pidFile, reason);
    }

    // ---------------------------------------------------------------- exit watching

    private void onExit(Managed m, ExitStatus status) {
        boolean expected = m.expectingExit || m.starting || stopRecorded(m);
        publish(new ProcessEvent.Exited(m.id, m.pid(), status, expected, Instant.now()));
        if (!expected) {
            log.warn("{}: PID {} exited unexpectedly ({})", m.id, m.pid(), status.describe());
            // Crash: clean up off the exit thread, under the id's lock (a stop may hold it). Once
            // closed, the next manager to look finds the stale record and cleans it instead.
            executeUnlessClosed(cleanup, () -> {
                try {
                    withLock(m.id, () -> {
                        if (running.get(m.id) == m) {
                            cleanupAfterExitLocked(m);
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    log.error("{}: cleanup after exit failed", m.id, e);
                }
            });
        }
    }

    private static void executeUnlessClosed(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("closed: task dropped");
        }
    }

    /**
     * Whether a manager (perhaps in another JVM) recorded that it is stopping this very process. The
     * marker outlives the stop (the state file does not), so a watcher that learns of the exit late
     * still reads it; the next start of the id removes it.
     */
    private boolean stopRecorded(Managed m) {
        try {
            String text = Files.readString(stopMarker(m.id), StandardCharsets.UTF_8).strip();
            return text.equals(m.pid() + " " + m.identity.startTicks());
        } catch (IOException e) {
            return false;
        }
    }

    private Path stopMarker(String id) {
        return stateDir.resolve(id + ".stopping");
    }

    /** After an exit nobody asked for: kill workers left in the group, remove files, forget it. */
    private void cleanupAfterExitLocked(Managed m) {
        for (ProcFs.Stat member : ProcFs.groupMembers(m.pid())) {
            if (member.startTicks() >= m.identity.startTicks()
                    && ProcFs.stat(m.pid()).filter(st -> !st.isZombie()).isEmpty()) {
                PinnedProcess t = PinnedProcess.open(member);
                if (t != null) {
                    log.warn("{}: killing PID {} left behind in group {}", m.id, member.pid(), m.pid());
                    t.kill();
                    t.awaitAndClose(KILL_WAIT);
                }
            }
        }
        removeFiles(m);
        running.remove(m.id, m);
        m.closePidfd();
    }

    // ---------------------------------------------------------------- stop

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
        return withLock(id, () -> {
            Optional<Managed> found = lookupLocked(id, null);
            if (found.isEmpty()) {
                return new StopResult(id, StopResult.Outcome.ALREADY_STOPPED, ExitStatus.unknown(),
                        Duration.ofNanos(System.nanoTime() - t0));
            }
            Managed m = found.get();
            m.expectingExit = true;
            try {
                StateFile.writeAtomically(stopMarker(id), m.pid() + " " + m.identity.startTicks() + "\n");
            } catch (IOException e) {
                log.warn("{}: cannot record the stop: {}", id, e.getMessage());
            }
            List<PinnedProcess> tree = snapshotTree(m);
            long limit = deadline == null ? Long.MAX_VALUE : t0 + deadline.toNanos();
            StopResult.Outcome outcome = null;
            List<StopPolicy.Step> steps = m.stopPolicy.steps();
            for (int i = 0; i < steps.size() && outcome == null; i++) {
                if (m.exit.isDone()) {
                    outcome = i == 0 ? StopResult.Outcome.ALREADY_STOPPED : StopResult.Outcome.ESCALATED;
                    break;
                }
                StopPolicy.Step step = steps.get(i);
                if (step.group()) {
                    sendToGroup(m, step.signal());
                } else {
                    sendToLeader(m, step.signal());
                }
                long wait = Math.min(step.grace().toNanos(), Math.max(0, limit - System.nanoTime()));
                if (awaitExit(m, Duration.ofNanos(wait))) {
                    outcome = i == 0 ? StopResult.Outcome.GRACEFUL : StopResult.Outcome.ESCALATED;
                }
                if (System.nanoTime() >= limit) {
                    break;
                }
            }
            if (outcome == null) {
                if (m.exit.isDone()) {
                    outcome = StopResult.Outcome.ESCALATED;
                } else {
                    sendToGroup(m, Signal.KILL);
                    if (!awaitExit(m, KILL_WAIT)) {
                        throw new ProcessException(id, id + ": PID " + m.pid() + " did not die after KILL");
                    }
                    outcome = StopResult.Outcome.KILLED;
                }
            }
            killLeftovers(m, tree);
            removeFiles(m);
            running.remove(id, m);
            m.closePidfd();
            ExitStatus status = m.exit.getNow(ExitStatus.unknown());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            log.info("{}: stopped ({}, {}) in {} ms", id, outcome, status.describe(), took.toMillis());
            return new StopResult(id, outcome, status, took);
        });
    }

    /**
     * Stops every process this manager runs or has a record of, all at once, each cut short by the
     * same deadline. Takes about as long as the slowest stop, not the sum.
     */
    public Map<String, StopResult> stopAll(Duration deadline) {
        Set<String> ids = recordedIds();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, ids.size()), daemon("stackyard-stop"));
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
        return withLock(id, () -> {
            Optional<Managed> m = lookupLocked(id, null);
            if (m.isEmpty()) {
                return false;
            }
            if (group) {
                sendToGroup(m.get(), signal);
            } else {
                sendToLeader(m.get(), signal);
            }
            return true;
        });
    }

    /** Waits for the exit of a running process. Empty when it did not exit in time or is unknown. */
    public Optional<ExitStatus> awaitExit(String id, Duration timeout) {
        Managed m = running.get(id);
        return m == null ? Optional.empty() : waitFor(m.exit, timeout);
    }

    // ---------------------------------------------------------------- signalling

    /** Signals the leader through its pidfd, which cannot reach a process that reused the PID. */
    private void sendToLeader(Managed m, Signal signal) {
        if (m.exit.isDone()) {
            return;
        }
        try {
            if (m.pidfd >= 0) {
                Native.pidfdSendSignal(m.pidfd, signal.number());
            } else if (m.identity.isAliveAndSame()) {
                Native.kill(m.pid(), signal.number());
            }
            log.debug("{}: sent {} to PID {}", m.id, signal, m.pid());
        } catch (Native.NativeException e) {
            if (e.errno() != Native.ESRCH) {
                throw new ProcessException(m.id, "cannot send " + signal + " to PID " + m.pid(), e);
            }
        }
    }

    /**
     * Signals the whole group. While the leader is alive and verified (pidfd), the group id is
     * ours and one {@code kill(-pgid)} reaches every member atomically. Once the leader is gone,
     * each member is checked and signalled through a pidfd of its own.
     */
    private void sendToGroup(Managed m, Signal signal) {
        long pgid = m.pid();
        boolean leaderAlive = !m.exit.isDone() && m.identity.isAliveAndSame();
        if (leaderAlive) {
            try {
                Native.killGroup(pgid, signal.number());
                log.debug("{}: sent {} to group {}", m.id, signal, pgid);
                return;
            } catch (Native.NativeException e) {
                if (e.errno() != Native.ESRCH) {
                    throw new ProcessException(m.id, "cannot send " + signal + " to group " + pgid, e);
                }
            }
        }
        for (ProcFs.Stat member : ProcFs.groupMembers(pgid)) {
            if (member.startTicks() >= m.identity.startTicks() && member.pid() != pgid) {
                PinnedProcess t = PinnedProcess.open(member);
                if (t != null) {
                    t.signal(signal);
                    t.close();
                }
            }
        }
    }

    /** The leader's descendants and group members now, each pinned by a pidfd. */
    private List<PinnedProcess> snapshotTree(Managed m) {
        Set<Long> seen = new HashSet<>();
        List<PinnedProcess> out = new ArrayList<>();
        List<ProcFs.Stat> all = ProcFs.all(); // one pass over /proc: stop-all runs many of these at once
        List<ProcFs.Stat> candidates = new ArrayList<>(ProcFs.descendants(m.pid(), all));
        all.stream().filter(st -> st.pgrp() == m.pid() && !st.isZombie()).forEach(candidates::add);
        for (ProcFs.Stat s : candidates) {
            if (s.pid() != m.pid() && s.startTicks() >= m.identity.startTicks() && seen.add(s.pid())) {
                PinnedProcess t = PinnedProcess.open(s);
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** KILLs what is left of the snapshot and of the group, and waits for each to be gone. */
    private void killLeftovers(Managed m, List<PinnedProcess> tree) {
        List<PinnedProcess> all = new ArrayList<>(tree);
        Set<Long> pinned = new HashSet<>();
        tree.forEach(t -> pinned.add(t.pid));
        for (ProcFs.Stat member : ProcFs.groupMembers(m.pid())) {
            if (member.pid() != m.pid() && member.startTicks() >= m.identity.startTicks() && !pinned.contains(member.pid())) {
                PinnedProcess t = PinnedProcess.open(member);
                if (t != null) {
                    all.add(t);
                }
            }
        }
        for (PinnedProcess t : all) {
            if (t.isRunning()) {
                log.info("{}: killing left-over PID {}", m.id, t.pid);
                t.kill();
            }
        }
        for (PinnedProcess t : all) {
            t.awaitAndClose(KILL_WAIT);
        }
    }

    // ---------------------------------------------------------------- files, locks, events

    /** Removes the state record and PID file, but only while they still describe {@code m}. */
    private void removeFiles(Managed m) {
        Path stateFile = stateFile(m.id);
        try {
            Optional<StateFile> s = StateFile.read(stateFile);
            if (s.isPresent() && s.get().identity().pid() == m.pid()
                    && s.get().identity().startTicks() == m.identity.startTicks()) {
                Files.deleteIfExists(stateFile);
            }
        } catch (IOException e) {
            log.warn("{}: cannot read state file {}: {}", m.id, stateFile, e.getMessage());
        }
        OptionalLong named = PidFiles.read(m.pidFile);
        if (named.isEmpty() || named.getAsLong() == m.pid()) {
            try {
                Files.deleteIfExists(m.pidFile);
            } catch (IOException e) {
                log.warn("{}: cannot remove PID file {}: {}", m.id, m.pidFile, e.getMessage());
            }
        }
    }

    private <T> T withLock(String id, Supplier<T> action) {
        return FileLocks.with(stateDir.resolve(id + ".lock"), action);
    }

    private void publish(ProcessEvent event) {
        try {
            events.execute(() -> {
                for (ProcessListener l : listeners) {
                    try {
                        l.onEvent(event);
                    } catch (RuntimeException e) {
                        log.error("process listener failed on {}", event, e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("closed: {} not published", event);
        }
    }


    @Override
    public void close() {
        events.shutdown();
        cleanup.shutdown();
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static boolean awaitExit(Managed m, Duration timeout) {
        return waitFor(m.exit, timeout).isPresent();
    }

    private static Optional<ExitStatus> waitFor(CompletableFuture<ExitStatus> exit, Duration timeout) {
        try {
            return Optional.of(exit.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(ExitStatus.unknown());
        }
    }

    private static String realPath(String file) {
        try {
            return Path.of(file).toRealPath().toString();
        } catch (IOException e) {
            return file;
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return Thread.ofPlatform().name(name + "-", 0).daemon(true).factory();
    }
}
