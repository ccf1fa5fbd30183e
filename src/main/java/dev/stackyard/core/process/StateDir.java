package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The manager's folder and what lives in it, per id: the state record ({@code ID.state}), the PID
 * file the manager writes for daemons that write none ({@code ID.pid}), the lock that serialises
 * calls for the id across threads and JVMs ({@code ID.lock}), the stop marker ({@code ID.stopping})
 * and the mark of a start under way ({@code ID.starting}).
 */
final class StateDir {
    private static final Logger log = LoggerFactory.getLogger(StateDir.class);

    private final Path dir;

    StateDir(Path dir) {
        this.dir = dir.toAbsolutePath();
        try {
            PrivateFiles.createPrivateFolder(this.dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state folder " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    Path stateFile(String id) {
        return dir.resolve(id + ".state");
    }

    Path ownPidFile(String id) {
        return dir.resolve(id + ".pid");
    }

    private Path stopMarker(String id) {
        return dir.resolve(id + ".stopping");
    }

    private Path startIntent(String id) {
        return dir.resolve(id + ".starting");
    }

    private Path lockFile(String id) {
        return dir.resolve(id + ".lock");
    }

    /** Runs {@code action} holding the id's lock, waiting for it as long as it takes. */
    <T> T withLock(String id, Supplier<T> action) {
        return FileLocks.with(lockFile(id), action);
    }

    /** Runs {@code action} holding the id's lock if it is free now; empty (nothing run) when it is not. */
    <T> Optional<T> tryWithLock(String id, Supplier<T> action) {
        return FileLocks.tryWith(lockFile(id), action);
    }

    /** {@code known} plus every id with a state record (running or stale) or the mark of an unfinished start. */
    Set<String> recordedIds(Set<String> known) {
        Set<String> ids = new TreeSet<>(known);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{state,starting}")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                ids.add(name.substring(0, name.lastIndexOf('.')));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return ids;
    }

    /**
     * The mark a start gives its processes, its boot and the earliest start ticks they can have (this
     * JVM's own), written before the spawn and cleared once the state record names the process (or the
     * failed start has ended what it spawned). Left behind, it means the start was cut short (its
     * JVM killed) between spawn and record: processes may run that nothing else names.
     *
     * <p>Not synced to disk: a power loss ends every process it could name.
     */
    record StartIntent(String marker, String bootId, long notBefore) {
    }

    /** Records, before its spawn, the mark a start of {@code id} is about to give its processes. */
    void recordStartIntent(String id, String marker) throws IOException {
        long notBefore = ProcFs.stat(ProcessHandle.current().pid()).map(ProcFs.Stat::startTicks).orElse(0L);
        try {
            PrivateFiles.writeAtomicallyUnsynced(startIntent(id), marker + " " + ProcFs.bootId() + " " + notBefore + "\n");
        } catch (IOException e) {
            throw PrivateFiles.naming(startIntent(id), e);
        }
    }

    /** The intent an unfinished start of {@code id} left; empty when there is none or it is not one. */
    Optional<StartIntent> startIntentOf(String id) {
        String text;
        try {
            text = PrivateFiles.readRecord(startIntent(id)).strip();
        } catch (IOException e) {
            return Optional.empty(); // none (the usual case), or not ours to trust
        }
        String[] parts = text.split(" ");
        try {
            return parts.length == 3 ? Optional.of(new StartIntent(parts[0], parts[1], Long.parseLong(parts[2])))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Removes the start intent of {@code id}. */
    void clearStartIntent(String id) {
        try {
            Files.deleteIfExists(startIntent(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + startIntent(id), e);
        }
    }

    /** Clears the stop marker a stop of an earlier process of {@code id} left. */
    void clearStopMarker(String id) {
        try {
            Files.deleteIfExists(stopMarker(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + stopMarker(id), e);
        }
    }

    /**
     * Records that a stop of this very process began. The marker outlives the stop (the state file
     * does not), so a watcher in another JVM that learns of the exit late still reads it; the next
     * start of the id removes it.
     *
     * <p>Not synced to disk: it is written before the first signal of every stop, so its fsyncs
     * would delay each stop's signal (at a stop-all, N of them queued on the disk). Against a
     * killed process the rename keeps it whole all the same. A power loss can lose or empty it,
     * which is harmless: it ends every process it could describe, the boot id then disowns their
     * records, and a marker that does not name the exact PID and start ticks is simply not a stop.
     */
    void recordStop(Managed m) {
        try {
            PrivateFiles.writeAtomicallyUnsynced(stopMarker(m.id), m.pid() + " " + m.identity.startTicks() + "\n");
        } catch (IOException e) {
            log.warn("{}: cannot record the stop: {}", m.id, e.getMessage());
        }
    }

    /** Whether a manager (perhaps in another JVM) recorded that it is stopping this very process. */
    boolean stopRecorded(Managed m) {
        try {
            String text = Files.readString(stopMarker(m.id), StandardCharsets.UTF_8).strip();
            return text.equals(m.pid() + " " + m.identity.startTicks());
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the state record and PID file, but only while they still describe {@code m}. */
    void removeFiles(Managed m) {
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
}
