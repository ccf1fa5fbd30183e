package dev.stackyard.core.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ProcessManager#tryFind} answers at once while another thread or another JVM holds an id's
 * lock (a start that runs a ten-second initdb, say), and other ids answer as usual meanwhile. The
 * {@code @Timeout}s only turn a hang (a lookup that waits for the lock) into a failure.
 */
class TryFindTest {
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

    @Test
    @Timeout(60)
    void busyWhileAnotherThreadHoldsTheLockThenRunning() throws Exception {
        ProcessManager starter = newManager();
        ProcessManager window = newManager();
        starter.start(spec("web"), ReadinessCheck.ALIVE, Duration.ofSeconds(10));
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // The start holds the id's lock for as long as its readiness check runs.
            Future<ProcessInfo> start = pool.submit(() -> starter.start(spec("pg"), (pid, timeout) -> {
                probing.countDown();
                release.await();
                return true;
            }, Duration.ofMinutes(10)));
            probing.await();

            assertInstanceOf(ProcessManager.Lookup.Busy.class, window.tryFind("pg", null));
            assertInstanceOf(ProcessManager.Lookup.Running.class, window.tryFind("web", null));
            assertInstanceOf(ProcessManager.Lookup.NotRunning.class, window.tryFind("nothing", null));
            assertInstanceOf(ProcessManager.Lookup.Busy.class, window.tryFind("pg", null), "still busy");

            release.countDown();
            long pid = start.get(30, TimeUnit.SECONDS).pid();
            ProcessManager.Lookup.Running running = assertInstanceOf(ProcessManager.Lookup.Running.class,
                    window.tryFind("pg", null));
            assertEquals(pid, running.info().pid());
            assertTrue(running.info().adopted(), "the window adopted what the other manager started");
        } finally {
            release.countDown();
            pool.shutdown();
        }
    }

    @Test
    @Timeout(120)
    void busyWhileAnotherJvmHoldsTheLock() throws Exception {
        ProcessManager window = newManager();
        window.start(spec("web"), ReadinessCheck.ALIVE, Duration.ofSeconds(10));
        Path lockFile = window.stateDir().resolve("pg.lock");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process holder = new ProcessBuilder(java, lockHolder().toString(), lockFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked true", out.readLine(), "the other JVM took the lock");

            assertInstanceOf(ProcessManager.Lookup.Busy.class, window.tryFind("pg", null));
            assertInstanceOf(ProcessManager.Lookup.Running.class, window.tryFind("web", null));

            holder.getOutputStream().close();
            assertEquals(0, holder.waitFor(), "the other JVM released the lock and ended");
            assertInstanceOf(ProcessManager.Lookup.NotRunning.class, window.tryFind("pg", null));
        } finally {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    private static Path lockHolder() {
        try {
            return Path.of(TryFindTest.class.getResource("/fixtures/LockHolder.java").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
