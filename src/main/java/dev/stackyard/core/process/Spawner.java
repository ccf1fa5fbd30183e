package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Spawning a process in a session of its own ({@code setsid}, so its PID is its process group id),
 * recording its identity, and waiting until its readiness check passes. A start that does not get
 * there leaves nothing behind: what it spawned is killed and its files are removed.
 */
final class Spawner {
    private static final Logger log = LoggerFactory.getLogger(Spawner.class);
    private static final int LOG_TAIL_LINES = 20;
    private static final Duration PROBE_PAUSE_MIN = Duration.ofMillis(1);
    /** How long a new child's unreadable stat is read again before it counts as gone; see statOfNewChild. */
    private static final Duration STAT_RETRY = Duration.ofSeconds(2);
    private static final Duration STAT_PAUSE = Duration.ofMillis(10);
    private static final Duration PROBE_PAUSE_MAX = Duration.ofMillis(5);
    private static final Duration PROBE_ATTEMPT_MAX = Duration.ofSeconds(2);

    private final StateDir files;
    private final ProcessTable table;
    private final ExitHandler exits;
    private final ProcessEvents events;
    private final String setsid;
    private final String setsidExe;

    Spawner(StateDir files, ProcessTable table, ExitHandler exits, ProcessEvents events) {
        this.files = files;
        this.table = table;
        this.exits = exits;
        this.events = events;
        this.setsid = Executables.findOnPath("setsid").map(Path::toString).orElseThrow(
                () -> new IllegalStateException("setsid (util-linux) is required but not found on PATH"));
        this.setsidExe = realPath(setsid);
    }

    /** Spawns {@code spec} and waits until it is ready. Call with the id's lock held. */
    ProcessInfo spawnLocked(ProcessSpec spec, ReadinessCheck readiness, Duration readyTimeout) {
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
        Path pidFile = spec.pidFile() != null ? spec.pidFile().toAbsolutePath() : files.ownPidFile(id);
        files.clearStopMarker(id);
        String marker = ServiceMarker.fresh(id);
        Process child;
        Instant startedAt = Instant.now();
        try {
            files.recordStartIntent(id, marker); // a kill from here to the record leaves the mark to find
            Files.createDirectories(spec.workDir());
            Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
            try (LogDescriptor log = LogDescriptor.open(spec.logFile())) {
                try {
                    log.append("---- stackyard " + startedAt + " start: " + String.join(" ", spec.argv())
                            + System.lineSeparator());
                } catch (IOException e) {
                    throw PrivateFiles.naming(spec.logFile(), e);
                }
                ProcessBuilder pb = new ProcessBuilder(command)
                        .directory(spec.workDir().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.redirect())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                pb.environment().putAll(spec.env());
                pb.environment().put(ServiceMarker.VARIABLE, marker);
                child = pb.start();
            }
        } catch (IOException e) {
            files.clearStartIntent(id); // nothing was spawned
            throw new StartFailedException(id, StartFailedException.Reason.SPAWN_FAILED,
                    id + ": cannot start " + spec.argv().getFirst() + ": " + e.getMessage(), null,
                    spec.argv(), LogFiles.tail(spec.logFile(), LOG_TAIL_LINES), e);
        }
        long pid = child.pid();
        CompletableFuture<ExitStatus> exit = child.onExit().thenApply(p -> ExitStatus.ofJavaExitValue(p.exitValue()));
        int pidfd = Native.pidfdOpenIfAlive(pid);
        Optional<ProcFs.Stat> stat = statOfNewChild(id, pid, exit);
        // The exe is recorded once the daemon has replaced setsid (see execDone).
        ProcessIdentity identity = new ProcessIdentity(pid, stat.map(ProcFs.Stat::startTicks).orElse(-1L), null,
                ProcFs.bootId());
        Managed m = new Managed(id, identity, pidfd, child, exit, startedAt, false, spec.logFile().toAbsolutePath(),
                pidFile, spec.stopPolicy(), spec.argv(), marker);
        m.starting = true;
        table.put(m);
        exits.follow(m);
        try {
            if (stat.isEmpty()) {
                throw failure(m, StartFailedException.Reason.EXITED_BEFORE_READY, null, null);
            }
            m.state().write(files.stateFile(id));
            files.clearStartIntent(id); // the record names the process and carries its mark now
            if (spec.pidFile() == null) {
                PidFiles.write(pidFile, pid);
            }
            awaitReady(m, readiness, readyTimeout);
            m.identity = identity.withExe(ProcFs.exe(pid).orElse(null));
            if (!m.identity.isAliveAndSame()) {
                throw failure(m, StartFailedException.Reason.EXITED_BEFORE_READY, null, null);
            }
            m.state().write(files.stateFile(id));
            m.starting = false;
            events.publish(new ProcessEvent.Ready(id, pid, Instant.now()));
            log.info("{} ready as PID {} after {} ms", id, pid, Duration.between(startedAt, Instant.now()).toMillis());
            return m.info();
        } catch (StartFailedException e) {
            abandon(m);
            if (e.reason() == StartFailedException.Reason.CHECK_FAILED) {
                log.error("{}: the readiness check failed", id, e.getCause());
            }
            throw e;
        } catch (IOException | RuntimeException e) {
            abandon(m);
            throw new StartFailedException(id, StartFailedException.Reason.SPAWN_FAILED,
                    id + ": start failed: " + e.getMessage(), null, spec.argv(),
                    LogFiles.tail(spec.logFile(), LOG_TAIL_LINES), e);
        }
    }

    /**
     * The stat of a child just spawned. A live child always has one, so an empty read means it has
     * exited (its exit future says so at once) or the read failed for a moment under load (seen in
     * CI: a live child reported as "exited before it was ready", then killed). Reads again, pausing
     * on the exit future, until one of the two is known; empty only when the child is gone.
     */
    private static Optional<ProcFs.Stat> statOfNewChild(String id, long pid, CompletableFuture<ExitStatus> exit) {
        Optional<ProcFs.Stat> stat = ProcFs.stat(pid);
        long deadline = System.nanoTime() + STAT_RETRY.toNanos();
        int attempts = 1;
        while (stat.isEmpty() && !exit.isDone() && System.nanoTime() < deadline) {
            Managed.waitFor(exit, STAT_PAUSE);
            stat = ProcFs.stat(pid);
            attempts++;
        }
        if (stat.isPresent() && attempts > 1) {
            log.warn("{}: /proc/{}/stat could be read only at attempt {}", id, pid, attempts);
        }
        return stat;
    }

    /**
     * Probes until ready, pausing between probes on the exit future, so a death ends the wait at
     * once. The first probe waits for the exec of the daemon itself (PID still running setsid).
     * Only the check's own "not ready" answers mean not ready; anything else it throws fails the start.
     */
    private void awaitReady(Managed m, ReadinessCheck readiness, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = PROBE_PAUSE_MIN;
        String lastProblem = null;
        while (true) {
            if (m.exit.isDone()) {
                throw failure(m, StartFailedException.Reason.EXITED_BEFORE_READY, null, null);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw failure(m, StartFailedException.Reason.NOT_READY_IN_TIME, lastProblem, null);
            }
            if (execDone(m)) {
                try {
                    if (readiness.isReady(m.pid(), Duration.ofNanos(Math.min(remaining, PROBE_ATTEMPT_MAX.toNanos())))) {
                        if (!m.exit.isDone()) {
                            return;
                        }
                        continue;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure(m, StartFailedException.Reason.NOT_READY_IN_TIME, "interrupted", null);
                } catch (ReadinessCheck.NotReady e) {
                    lastProblem = e.getMessage() != null ? e.getMessage() : "not ready";
                } catch (RuntimeException | Error e) {
                    throw failure(m, StartFailedException.Reason.CHECK_FAILED, e.toString(), e);
                }
            }
            remaining = deadline - System.nanoTime();
            m.awaitExit(Duration.ofNanos(Math.max(0, Math.min(pause.toNanos(), remaining))));
            pause = pause.multipliedBy(2).compareTo(PROBE_PAUSE_MAX) > 0 ? PROBE_PAUSE_MAX : pause.multipliedBy(2);
        }
    }

    private boolean execDone(Managed m) {
        return ProcFs.exe(m.pid()).map(exe -> !exe.equals(setsidExe)).orElse(false);
    }

    private StartFailedException failure(Managed m, StartFailedException.Reason reason, String detail, Throwable cause) {
        String message;
        ExitStatus status = null;
        if (reason == StartFailedException.Reason.EXITED_BEFORE_READY) {
            status = Managed.waitFor(m.exit, GroupKill.KILL_WAIT).orElse(ExitStatus.unknown());
            message = m.id + " exited before it was ready (" + status.describe() + ")";
        } else if (reason == StartFailedException.Reason.CHECK_FAILED) {
            message = m.id + ": its readiness check failed: " + detail;
        } else {
            message = m.id + " was not ready within the deadline" + (detail != null ? ": " + detail : "");
        }
        return new StartFailedException(m.id, reason, message, status, m.argv,
                LogFiles.tail(m.logFile, LOG_TAIL_LINES), cause);
    }

    /** A start that failed: kill whatever it left, forget it and remove its files. */
    private void abandon(Managed m) {
        m.expectingExit = true;
        List<PinnedProcess> tree = GroupKill.snapshotTree(m);
        if (!m.exit.isDone()) {
            GroupKill.sendToGroup(m, Signal.KILL);
        }
        m.awaitExit(GroupKill.KILL_WAIT);
        GroupKill.killLeftovers(m, tree);
        table.forget(m);
        files.clearStartIntent(m.id);
    }

    private static String realPath(String file) {
        try {
            return Path.of(file).toRealPath().toString();
        } catch (IOException e) {
            return file;
        }
    }
}
