package dev.stackyard.core.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A start killed between its spawn and its state record (KilledAnywhereIT caught one in CI:
 * {@code restart worker} killed at 652 ms left a {@code sleep} that no status knew). What such a kill
 * leaves is built here exactly: the start intent a start writes before it spawns (by the same
 * {@link StateDir#recordStartIntent}), a process in a session of its own carrying that start's
 * mark, and no record. The next manager to look at the id ends that process and forgets the intent;
 * it touches nothing that carries another mark, and adopts a process whose record carries the mark.
 */
class UnfinishedStartTest {
    @TempDir
    Path tmp;
    private final List<Process> spawned = new ArrayList<>();
    private final List<ProcessManager> managers = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (ProcessManager m : managers) {
            m.stopAll(Duration.ofSeconds(2));
            m.close();
        }
        for (Process p : spawned) { // by PID, whatever a failed assertion left
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ProcessManager manager() {
        ProcessManager m = new ProcessManager(tmp.resolve("run"));
        managers.add(m);
        return m;
    }

    /** A {@code sleep} in a session of its own carrying {@code marker}, as a start spawns one. */
    private Process marked(String marker) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("setsid", "sleep", "300").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(ServiceMarker.VARIABLE, marker);
        Process p = pb.start();
        spawned.add(p);
        return p;
    }

    /** What a start of {@code id} killed between its spawn and its record leaves: its intent and its running process. */
    private Process cutShortStart(String id) throws IOException {
        String marker = ServiceMarker.fresh(id);
        new StateDir(tmp.resolve("run")).recordStartIntent(id, marker);
        return marked(marker);
    }

    private Path intentFile(String id) {
        return tmp.resolve("run").resolve(id + ".starting");
    }

    @Test
    void theProcessOfAStartKilledBeforeItsRecordIsEndedByTheNextLook() throws Exception {
        Process orphan = cutShortStart("worker");
        Process stranger = marked(ServiceMarker.fresh("worker")); // another start's mark: not this one's
        assertTrue(orphan.isAlive());

        ProcessManager next = manager();
        assertEquals(Optional.empty(), next.find("worker"), "a start that recorded nothing is not running");

        assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the unrecorded process of the cut-short start was ended");
        assertFalse(Files.exists(intentFile("worker")), "the intent is forgotten once handled");
        assertTrue(stranger.isAlive(), "a process carrying another mark is untouched");
        assertEquals(Optional.empty(), next.find("worker"), "and the next look finds nothing to do");
        assertTrue(stranger.isAlive());
    }

    @Test
    void stopAllReachesAnIdKnownOnlyByItsIntent() throws Exception {
        Process orphan = cutShortStart("gone-from-config");

        ProcessManager next = manager();
        assertTrue(next.recordedIds().contains("gone-from-config"), next.recordedIds().toString());
        next.stopAll(Duration.ofSeconds(2));
        assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "stop --all ended it");
        assertFalse(Files.exists(intentFile("gone-from-config")));
    }

    @Test
    void aStartKilledJustAfterItsRecordIsAdoptedNotKilled() throws Exception {
        ProcessManager first = manager();
        ProcessSpec spec = new ProcessSpec("worker", List.of("sleep", "300"), tmp.resolve("work"), Map.of(),
                tmp.resolve("logs/worker.log"), null, StopPolicy.of(Signal.TERM, Duration.ofSeconds(5)));
        ProcessInfo started = first.start(spec, ReadinessCheck.ALIVE, Duration.ofSeconds(10));
        assertFalse(Files.exists(intentFile("worker")), "a start that got its record leaves no intent");
        String marker = StateFile.read(first.stateFile("worker")).orElseThrow().marker();
        first.close();
        managers.remove(first);
        // The kill came after the record was written and before the intent was cleared.
        new StateDir(tmp.resolve("run")).recordStartIntent("worker", marker);

        ProcessManager next = manager();
        Optional<ProcessInfo> found = next.find("worker");
        assertEquals(Optional.of(started.pid()), found.map(ProcessInfo::pid), "the recorded process is adopted");
        assertTrue(ProcessHandle.of(started.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(intentFile("worker")));
    }

    @Test
    void aFailedStartLeavesNoIntent() {
        ProcessManager m = manager();
        ProcessSpec spec = new ProcessSpec("quitter", List.of("false"), tmp.resolve("work"), Map.of(),
                tmp.resolve("logs/quitter.log"), null, StopPolicy.of(Signal.TERM, Duration.ofSeconds(5)));
        // Never ready, so only the exit ends the wait (ALIVE could see `false` before it exited).
        StartFailedException failed = assertThrows(StartFailedException.class,
                () -> m.start(spec, (pid, timeout) -> false, Duration.ofHours(1)));
        assertEquals(StartFailedException.Reason.EXITED_BEFORE_READY, failed.reason());
        assertFalse(Files.exists(intentFile("quitter")));
    }
}
