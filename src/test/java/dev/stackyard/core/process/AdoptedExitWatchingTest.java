package dev.stackyard.core.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exit watching of adopted processes: one thread for all of them, and nothing left behind (threads,
 * descriptors) when processes are forgotten or the manager is closed.
 */
class AdoptedExitWatchingTest {
    private static final int PROCESSES = 6;
    private static final int ROUNDS = 8;
    /** Room for JDK-internal threads and descriptors that come and go on their own (process reaper, class loading). */
    private static final int SLACK = 4;

    @TempDir
    Path tmp;
    private final List<ProcessManager> managers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (ProcessManager m : managers) {
            m.stopAll(Duration.ofSeconds(2));
            m.close();
        }
    }

    private ProcessManager newManager() {
        ProcessManager m = new ProcessManager(tmp.resolve("run"));
        managers.add(m);
        return m;
    }

    private ProcessSpec spec(String id) {
        return new ProcessSpec(id, List.of("/bin/bash", ProcessManagerTest.fixture(), "fork-two"), tmp.resolve("work"),
                Map.of(), tmp.resolve("logs/" + id + ".log"), null, StopPolicy.of(Signal.TERM, Duration.ofSeconds(5)));
    }

    private static long count(String dir) {
        try (Stream<Path> entries = Files.list(Path.of(dir))) {
            return entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("stackyard-exit-watcher")).count();
    }

    /**
     * One round: a first manager spawns the processes; a short-lived manager adopts them all and
     * is closed while they run; a second adopts them all and stops half of them itself; the first
     * stops the rest, which the second sees exit through its pidfds; then the second is closed.
     */
    private void round(ProcessManager spawner, int round) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            String id = "p" + round + "-" + i;
            spawner.start(spec(id), ReadinessCheck.ALIVE, Duration.ofSeconds(10));
            ids.add(id);
        }
        ProcessManager glance = newManager();
        assertEquals(PROCESSES, glance.adoptAll().size());
        Thread glanceWatcher = glance.exitWatcherThread();
        glance.close();
        managers.remove(glance);
        assertFalse(glanceWatcher.isAlive(), "close() ended the exit-watcher thread of live adopted processes");

        ProcessManager adopter = newManager();
        BlockingQueue<ProcessEvent> seen = new LinkedBlockingQueue<>();
        adopter.addListener(seen::add);
        assertEquals(PROCESSES, adopter.adoptAll().size());
        Thread watcher = adopter.exitWatcherThread();
        assertNotNull(watcher);
        assertTrue(watcher.isAlive());
        assertEquals(1, watcherThreads(), "one exit-watcher thread for " + PROCESSES + " adopted processes");

        for (int i = 0; i < PROCESSES; i++) {
            String id = ids.get(i);
            StopResult r = (i % 2 == 0 ? adopter : spawner).stop(id);
            assertEquals(StopResult.Outcome.GRACEFUL, r.outcome(), r.toString());
        }
        int exits = 0;
        while (exits < PROCESSES) {
            ProcessEvent e = seen.poll(10, TimeUnit.SECONDS);
            assertNotNull(e, "the adopter saw " + exits + " of " + PROCESSES + " exits");
            if (e instanceof ProcessEvent.Exited x) {
                assertTrue(x.expected(), x.toString());
                exits++;
            }
        }
        adopter.close();
        managers.remove(adopter);
        watcher.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(watcher.isAlive(), "close() ended the exit-watcher thread");
        assertEquals(0, watcherThreads());
    }

    @Test
    void adoptingAndForgettingAgainAndAgainKeepsThreadsAndDescriptorsFlat() throws Exception {
        ProcessManager spawner = newManager();
        round(spawner, 0); // warms up the JDK's own lazy threads (process reaper) and classes
        long threads = count("/proc/self/task");
        long fds = count("/proc/self/fd");
        for (int r = 1; r <= ROUNDS; r++) {
            round(spawner, r);
        }
        long threadsAfter = count("/proc/self/task");
        long fdsAfter = count("/proc/self/fd");
        assertTrue(threadsAfter <= threads + SLACK, "threads grew from " + threads + " to " + threadsAfter);
        assertTrue(fdsAfter <= fds + SLACK, "descriptors grew from " + fds + " to " + fdsAfter);
    }

    @Test
    void forgettingAnAdoptedProcessClosesItsDescriptorsWhileTheManagerLives() throws Exception {
        ProcessManager spawner = newManager();
        ProcessManager adopter = newManager();
        spawner.start(spec("warm"), ReadinessCheck.ALIVE, Duration.ofSeconds(10));
        adopter.find("warm").orElseThrow();
        adopter.stop("warm");
        long fds = count("/proc/self/fd");
        for (int r = 0; r < ROUNDS; r++) {
            spawner.start(spec("again"), ReadinessCheck.ALIVE, Duration.ofSeconds(10));
            assertTrue(adopter.find("again").orElseThrow().adopted());
            assertEquals(StopResult.Outcome.GRACEFUL, adopter.stop("again").outcome());
        }
        // The watcher closes its duplicate of a forgotten pidfd between two polls: ask it for one more round.
        spawner.start(spec("last"), ReadinessCheck.ALIVE, Duration.ofSeconds(10));
        adopter.find("last").orElseThrow();
        long fdsAfter = count("/proc/self/fd");
        assertTrue(fdsAfter <= fds + 2 + SLACK, "descriptors grew from " + fds + " to " + fdsAfter);
        assertEquals(1, watcherThreads());
    }

    @Test
    void closingAManagerThatNeverAdoptedStartsNoWatcher() {
        ProcessManager m = newManager();
        m.start(spec("own"), ReadinessCheck.ALIVE, Duration.ofSeconds(10));
        assertEquals(null, m.exitWatcherThread(), "its own children are watched through Process.onExit");
        m.stop("own");
        m.close();
    }
}
