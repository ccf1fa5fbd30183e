package dev.stackyard.core.service;

import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.process.StopPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long-lived registry taking config changes in place ({@link ServiceRegistry#applyConfig}), and
 * its refresh never waiting on a lock held elsewhere; over real child processes.
 */
class ServiceRegistryConfigChangeTest {
    private static final Duration GUARD = Duration.ofSeconds(60); // only against a hang, never a measure

    @TempDir
    Path home;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();
    private final BlockingQueue<ServiceSnapshot> events = new LinkedBlockingQueue<>();
    private ServiceEnvironment env;

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : children) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // none expected; never leave one
            p.destroyForcibly().waitFor(); // by PID: the lock-holding JVM this test started
        }
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private static ServiceDefinition sleeper(String id, String seconds) {
        return ServiceDefinition.builder(id, ServiceKind.named("process")).command(List.of("sleep", seconds)).build();
    }

    private ServiceRegistry registry(ServiceDefinition... defs) {
        env = new ServiceEnvironment(home.resolve("data"), home.resolve("run"), home.resolve("logs"),
                Installations.load(home.resolve("data/bundles")));
        ProcessManager pm = new ProcessManager(env.processStateDir());
        ServiceRegistry r = new ServiceRegistry(List.of(defs), env, pm);
        closing.add(pm);
        closing.add(r);
        closing.add(r::stopAll);
        r.addListener(events::add);
        return r;
    }

    /** The next snapshot event matching {@code wanted}, skipping others. */
    private ServiceSnapshot next(Predicate<ServiceSnapshot> wanted, String what) throws InterruptedException {
        long until = System.nanoTime() + GUARD.toNanos();
        while (true) {
            ServiceSnapshot s = events.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s == null) {
                throw new AssertionError("no event: " + what);
            }
            if (wanted.test(s)) {
                return s;
            }
        }
    }

    private static boolean alive(long pid) {
        return ProcFs.stat(pid).filter(s -> !s.isZombie()).isPresent();
    }

    private static String cmdline(long pid) throws Exception {
        return Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8).replace('\0', ' ').strip();
    }

    private static void kill9(long pid) throws Exception {
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    }

    @Test
    void anUnchangedServiceKeepsItsProcessSnapshotAndExitWatching() throws Exception {
        ServiceRegistry r = registry(sleeper("a", "1000"), sleeper("b", "1000"));
        ServiceSnapshot before = r.start("a");

        ServiceRegistry.ConfigChange change = r.applyConfig(List.of(sleeper("a", "1000"), sleeper("b", "1000"),
                sleeper("c", "1000")));

        assertEquals(List.of("c"), change.added());
        assertEquals(List.of(), change.changed());
        assertEquals(before, r.snapshot("a").orElseThrow(), "same process, same snapshot");
        assertEquals(ServiceState.STOPPED, r.snapshot("c").orElseThrow().state());
        assertEquals(List.of("a", "b", "c"), List.copyOf(r.ids()));

        events.clear();
        kill9(before.pid());
        ServiceSnapshot failed = next(s -> s.id().equals("a") && s.state() == ServiceState.FAILED, "a fails");
        assertTrue(failed.lastError().contains("signal 9") || failed.lastError().contains("KILL"),
                "the window's own child keeps its exit status: " + failed.lastError());
    }

    @Test
    void aChangedDefinitionOfARunningServiceWaitsForItsNextStart() throws Exception {
        ServiceRegistry r = registry(sleeper("a", "1000"));
        long pid = r.start("a").pid();

        ServiceRegistry.ConfigChange change = r.applyConfig(List.of(sleeper("a", "2000")));

        assertEquals(List.of("a"), change.changed());
        ServiceSnapshot s = r.snapshot("a").orElseThrow();
        assertEquals(ServiceState.RUNNING, s.state(), "never restarted behind the user's back");
        assertEquals(pid, s.pid());
        assertTrue(s.pendingRestart());
        assertTrue(alive(pid));

        r.stop("a");
        assertFalse(r.snapshot("a").orElseThrow().pendingRestart(), "in force once stopped");
        long next = r.start("a").pid();
        assertNotEquals(pid, next);
        assertEquals("sleep 2000", cmdline(next));
        assertFalse(r.snapshot("a").orElseThrow().pendingRestart());
    }

    @Test
    void aChangeTakenBackClearsTheWaitingRestart() {
        ServiceRegistry r = registry(sleeper("a", "1000"));
        r.start("a");
        r.applyConfig(List.of(sleeper("a", "2000")));
        assertTrue(r.snapshot("a").orElseThrow().pendingRestart());

        ServiceRegistry.ConfigChange back = r.applyConfig(List.of(sleeper("a", "1000")));

        assertEquals(List.of("a"), back.changed());
        assertFalse(r.snapshot("a").orElseThrow().pendingRestart());
    }

    @Test
    void aChangedDefinitionOfAStoppedServiceIsInForceAtOnce() throws Exception {
        ServiceRegistry r = registry(sleeper("a", "1000"));
        ServiceDefinition moved = ServiceDefinition.builder("a", ServiceKind.named("redis")).port(6399).build();

        r.applyConfig(List.of(moved));

        ServiceSnapshot s = r.snapshot("a").orElseThrow();
        assertFalse(s.pendingRestart());
        assertEquals(ServiceKind.named("redis"), s.kind());
        assertEquals(6399, s.port());
        assertEquals(moved, r.manager("a").orElseThrow().definition());
    }

    @Test
    void aRemovedServiceThatRunsIsStoppedAndDropped() {
        ServiceRegistry r = registry(sleeper("a", "1000"), sleeper("b", "1000"));
        long a = r.start("a").pid();
        long b = r.start("b").pid();

        ServiceRegistry.ConfigChange change = r.applyConfig(List.of(sleeper("b", "1000")));

        assertEquals(List.of("a"), change.removed());
        assertFalse(alive(a));
        assertTrue(alive(b));
        assertTrue(r.snapshot("a").isEmpty());
        assertEquals(List.of("b"), List.copyOf(r.ids()));
    }

    @Test
    void refreshKeepsUpWhileAnotherProcessHoldsAServicesLock() throws Exception {
        ServiceRegistry r = registry(sleeper("a", "1000"), sleeper("busy", "1000"));
        Path lock = env.processStateDir().resolve("busy.lock");
        Files.createDirectories(lock.getParent());
        // Another JVM holds busy's lock the way the process core takes it (FileChannel.lock, an
        // fcntl lock; flock(1) takes a different kind that would never contend), as a CLI call does
        // for the whole of an initdb. It holds the lock until its standard input closes.
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path holderSource = Path.of(ServiceRegistryConfigChangeTest.class.getResource("/fixtures/LockHolder.java").toURI());
        Process holder = new ProcessBuilder(java, holderSource.toString(), lock.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(holder);
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked true", out.readLine(), "the other JVM took the lock");
        try (ProcessManager probe = new ProcessManager(env.processStateDir())) {
            assertInstanceOf(ProcessManager.Lookup.Busy.class, probe.tryFind("busy", null), "busy's lock is really held");
        }
        assertRefreshPicksUpAWhileBusyIsLocked(r);
    }

    @Test
    void refreshKeepsUpWhileAnotherThreadHoldsAServicesLock() throws Exception {
        ServiceRegistry r = registry(sleeper("a", "1000"), sleeper("busy", "1000"));
        // Another manager in this JVM starts busy and stays in its readiness check (the lock held).
        ProcessManager other = new ProcessManager(env.processStateDir());
        closing.add(other);
        CountDownLatch inCheck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ProcessSpec spec = new ProcessSpec("busy", List.of("sleep", "1000"), home, Map.of(),
                home.resolve("logs/busy-other.log"), null, StopPolicy.of(dev.stackyard.core.process.Signal.TERM,
                Duration.ofSeconds(5)));
        ReadinessCheck slow = (pid, timeout) -> {
            inCheck.countDown();
            return release.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        };
        Thread starter = Thread.ofPlatform().start(() -> other.start(spec, slow, GUARD));
        closing.add(() -> {
            release.countDown();
            starter.join();
            other.stop("busy");
        });
        assertTrue(inCheck.await(GUARD.toSeconds(), TimeUnit.SECONDS));
        assertRefreshPicksUpAWhileBusyIsLocked(r);
    }

    /** While busy's lock is held elsewhere: a started elsewhere and then killed is seen by refresh. */
    private void assertRefreshPicksUpAWhileBusyIsLocked(ServiceRegistry r) throws Exception {
        ServiceSnapshot busyBefore = r.snapshot("busy").orElseThrow();
        // "a" is started by another manager (another Stackyard process): only refresh can see it.
        ProcessManager cli = new ProcessManager(env.processStateDir());
        closing.add(cli);
        ServiceRegistry cliRegistry = new ServiceRegistry(List.of(sleeper("a", "1000")), env, cli);
        closing.add(cliRegistry);
        long pid = cliRegistry.start("a").pid();
        closing.add(() -> kill9(pid));

        assertTimeoutPreemptively(GUARD, r::refresh, "refresh waited on busy's lock");
        ServiceSnapshot a = next(s -> s.id().equals("a") && s.state() == ServiceState.RUNNING, "a adopted");
        assertEquals(pid, a.pid());

        kill9(pid);
        // Its exit reaches the registry while busy is still locked.
        ServiceSnapshot failed = next(s -> s.id().equals("a") && s.state() == ServiceState.FAILED, "a seen dead");
        assertNotNull(failed.lastError());
        assertEquals(busyBefore, r.snapshot("busy").orElseThrow(), "busy left alone while locked");
    }
}
