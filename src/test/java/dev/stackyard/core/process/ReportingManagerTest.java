package dev.stackyard.core.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A manager that does not watch adopted processes (a one-shot CLI call's): it reports a process
 * another manager started, by the same identity rule, without a pidfd or an exit watch, and still
 * stops it, and cleans a stale record, as a watching manager does.
 */
class ReportingManagerTest {
    @TempDir
    Path tmp;
    private final List<ProcessManager> managers = new ArrayList<>();
    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (ProcessManager m : managers) {
            m.stopAll(Duration.ofSeconds(2));
            m.close();
        }
        for (long pid : pids) { // by PID, whatever a failed assertion left
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private ProcessManager manager(boolean watchAdopted) {
        ProcessManager m = new ProcessManager(tmp.resolve("run"), watchAdopted);
        managers.add(m);
        return m;
    }

    private long startSleep(ProcessManager m, String id) {
        ProcessSpec spec = new ProcessSpec(id, List.of("sleep", "300"), tmp.resolve("work"), Map.of(),
                tmp.resolve("logs/" + id + ".log"), null, StopPolicy.of(Signal.TERM, Duration.ofSeconds(5)));
        long pid = m.start(spec, ReadinessCheck.ALIVE, Duration.ofSeconds(10)).pid();
        pids.add(pid);
        return pid;
    }

    /** A sleep started by a watching manager that is closed again (the process runs on): its PID. */
    private long startedByAnotherManager(String id) {
        ProcessManager starter = manager(true);
        long pid = startSleep(starter, id);
        starter.close();
        managers.remove(starter);
        return pid;
    }

    @Test
    void itReportsWhatAnotherManagerRunsWithoutWatchingItAndStillStopsIt() throws Exception {
        long pid = startedByAnotherManager("worker");

        ProcessManager reporter = manager(false);
        Optional<ProcessInfo> found = reporter.find("worker");
        assertEquals(Optional.of(pid), found.map(ProcessInfo::pid));
        assertTrue(found.get().adopted(), "started by another manager");
        ProcessManager.Lookup lookup = reporter.tryFind("worker", null);
        assertInstanceOf(ProcessManager.Lookup.Running.class, lookup);
        assertNull(reporter.exitWatcherThread(), "a report watches nothing");

        StopResult stop = reporter.stop("worker");
        assertEquals(StopResult.Outcome.GRACEFUL, stop.outcome(), stop.toString());
        assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true) || isZombie(pid), "the stop ended it");
        assertEquals(Optional.empty(), reporter.find("worker"));
        assertFalse(Files.exists(reporter.stateFile("worker")));
    }

    @Test
    void aStaleRecordIsCleanedByAReportToo() throws Exception {
        long pid = startedByAnotherManager("gone");
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.destroyForcibly();
        h.onExit().get(10, TimeUnit.SECONDS);

        ProcessManager reporter = manager(false);
        assertEquals(Optional.empty(), reporter.find("gone"));
        assertFalse(Files.exists(reporter.stateFile("gone")), "the stale record is removed");
    }

    private static boolean isZombie(long pid) {
        return ProcFs.stat(pid).map(ProcFs.Stat::isZombie).orElse(true);
    }
}
