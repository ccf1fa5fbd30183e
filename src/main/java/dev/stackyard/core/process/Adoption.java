package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Finding the process behind an id: the one this manager knows, or one adopted from its state
 * record after the identity rule ({@link ProcessIdentity#whyNotAlive}) says it is still the process
 * recorded. Everything else is stale: the record and PID files are removed (each with a
 * {@link ProcessEvent.StaleFileRemoved}), and the workers of a group whose leader died unwatched are
 * killed. A PID file without a record is never trusted, so what it names is never signalled.
 */
final class Adoption {
    private static final Logger log = LoggerFactory.getLogger(Adoption.class);

    private final StateDir files;
    private final ProcessTable table;
    private final ExitHandler exits;
    private final ExitWatcher watcher;
    private final ProcessEvents events;

    Adoption(StateDir files, ProcessTable table, ExitHandler exits, ExitWatcher watcher, ProcessEvents events) {
        this.files = files;
        this.table = table;
        this.exits = exits;
        this.watcher = watcher;
        this.events = events;
    }

    /** The running process {@code id}, known or adopted now. Call with the id's lock held. */
    Optional<Managed> lookupLocked(String id, Path daemonPidFile) {
        Optional<Managed> known = knownLocked(id);
        if (known.isPresent()) {
            return known;
        }
        return liveRecordLocked(id, daemonPidFile).flatMap(s -> adopt(id, s));
    }

    /**
     * What {@link #lookupLocked} would find, without adopting it: a process recorded by another
     * manager is checked by the identity rule and described, but gets no pidfd and no exit watch,
     * and is not added to this manager's table. For a manager that only reports (a one-shot CLI
     * call): pinning and watching an adopted process loads the foreign-function linker and spins its
     * downcall stubs (about 100 ms of a cold `status` with one service running), which a report never
     * uses. Stale files are cleaned the same way. Call with the id's lock held.
     */
    Optional<ProcessInfo> peekLocked(String id, Path daemonPidFile) {
        Optional<Managed> known = knownLocked(id);
        if (known.isPresent()) {
            return known.map(Managed::info);
        }
        return liveRecordLocked(id, daemonPidFile).map(s ->
                new ProcessInfo(id, s.identity(), s.startedAt(), true, s.logFile(), s.pidFile(), s.stopPolicy()));
    }

    /** The process this manager runs under {@code id}, cleaning up after it when it has exited. */
    private Optional<Managed> knownLocked(String id) {
        Managed known = table.get(id);
        if (known != null) {
            if (!known.exit.isDone()) {
                return Optional.of(known);
            }
            exits.cleanupAfterExitLocked(known);
        }
        return Optional.empty();
    }

    /**
     * The state record of {@code id} when the identity rule says its process still runs; otherwise
     * empty, with the record, the PID files and what an unfinished start or a dead leader left
     * removed or ended.
     */
    private Optional<StateFile> liveRecordLocked(String id, Path daemonPidFile) {
        Path stateFile = files.stateFile(id);
        Optional<StateFile> record;
        try {
            record = StateFile.read(stateFile);
        } catch (IOException e) {
            endUnfinishedStart(id, null);
            removeStale(id, stateFile, "unreadable state file: " + e.getMessage());
            removeStalePidFile(id, files.ownPidFile(id));
            removeStalePidFile(id, daemonPidFile);
            return Optional.empty();
        }
        endUnfinishedStart(id, record.map(StateFile::marker).orElse(null));
        if (record.isEmpty()) {
            // No record: whatever a PID file names was not started by us, so it is never signalled.
            removeStalePidFile(id, files.ownPidFile(id));
            removeStalePidFile(id, daemonPidFile);
            return Optional.empty();
        }
        StateFile s = record.get();
        Optional<String> stale = s.identity().whyNotAlive();
        if (stale.isPresent()) {
            removeStale(id, stateFile, stale.get());
            killOrphanedGroup(id, s);
            removeStalePidFile(id, s.pidFile());
            removeStalePidFile(id, daemonPidFile);
            return Optional.empty();
        }
        return record;
    }

    private Optional<Managed> adopt(String id, StateFile s) {
        ProcessIdentity identity = s.identity();
        int pidfd = Native.pidfdOpenIfAlive(identity.pid());
        if (pidfd < 0 || !identity.isAliveAndSame()) {
            if (pidfd >= 0) {
                Native.close(pidfd);
            }
            removeStale(id, files.stateFile(id), "PID " + identity.pid() + " exited");
            return Optional.empty();
        }
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        Managed m = new Managed(id, identity, pidfd, null, exit, s.startedAt(), true, s.logFile(), s.pidFile(),
                s.stopPolicy(), s.argv(), s.marker());
        try {
            m.watch = watcher.watch(pidfd, exit);
        } catch (RuntimeException e) {
            Native.close(pidfd);
            throw e;
        }
        table.put(m);
        exits.follow(m);
        events.publish(new ProcessEvent.Adopted(id, identity.pid(), Instant.now()));
        log.info("{}: adopted PID {}", id, identity.pid());
        return Optional.of(m);
    }

    /**
     * A start records the mark it gives its processes before it spawns them and clears it once the
     * state record names them (see {@link StateDir.StartIntent}); the lock of the id is held all the
     * while. So an intent found here, under that lock, whose mark no record carries, is a start cut
     * short between spawn and record (its JVM killed): whatever carries the mark runs unnamed, and is
     * ended as a failed start's processes are. A record that carries the mark (the start was killed
     * just after writing it) is adopted or cleaned as usual.
     */
    private void endUnfinishedStart(String id, String recordedMarker) {
        Optional<StateDir.StartIntent> intent = files.startIntentOf(id);
        if (intent.isPresent() && !intent.get().marker().equals(recordedMarker)
                && intent.get().bootId().equals(ProcFs.bootId())) {
            log.warn("{}: a start was cut short before it recorded its process; ending what it spawned", id);
            GroupKill.killMarked(id, intent.get().marker(), intent.get().notBefore());
        }
        files.clearStartIntent(id);
    }

    /**
     * The leader of a recorded group died while nobody watched; its workers may live on holding a
     * port. Kill the members that are verifiably from that group: same process group, the same
     * executable, started no earlier than the leader, and no new process holds the leader's PID;
     * and every process that carries the leader's mark (see {@link ServiceMarker}).
     */
    private void killOrphanedGroup(String id, StateFile s) {
        ProcessIdentity leader = s.identity();
        if (!leader.bootId().equals(ProcFs.bootId())) {
            return;
        }
        GroupKill.killMarked(id, s.marker(), leader.startTicks());
        if (leader.exe() == null) {
            return;
        }
        GroupKill.killOrphans(id, s.pgid(), leader.startTicks(),
                member -> leader.exe().equals(ProcFs.exe(member.pid()).orElse(null)));
    }

    private void removeStale(String id, Path file, String reason) {
        try {
            if (Files.deleteIfExists(file)) {
                log.info("{}: stale file {} removed: {}", id, file, reason);
                events.publish(new ProcessEvent.StaleFileRemoved(id, file, reason, Instant.now()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale file " + file, e);
        }
    }

    /** Removes a PID file that has no live record behind it, saying why it was stale. */
    private void removeStalePidFile(String id, Path pidFile) {
        if (pidFile == null || !Files.exists(pidFile)) {
            return;
        }
        OptionalLong named = PidFiles.read(pidFile);
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
}
