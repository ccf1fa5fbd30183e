package dev.stackyard.core.supervise;

import dev.stackyard.testing.Daemons;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.service.SupervisionPolicy.Backoff;
import dev.stackyard.core.service.SupervisionPolicy.Health;
import dev.stackyard.core.service.SupervisionPolicy.Restart;
import dev.stackyard.core.service.probe.PortCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The supervisor over a real registry, real child processes and a real redis; gated on state events. */
class SupervisorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path home;
    private ProcessManager processes;
    private ServiceRegistry registry;
    private Supervisor supervisor;
    private final BlockingQueue<ServiceSnapshot> events = new LinkedBlockingQueue<>();
    private final List<Long> pidsToReap = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        if (supervisor != null) {
            supervisor.close();
        }
        if (registry != null) {
            registry.stopAll();
            registry.close();
        }
        if (processes != null) {
            processes.close();
        }
        for (long pid : pidsToReap) {
            ProcessHandle.of(pid).ifPresent(p -> {
                signal(pid, "CONT");
                p.destroyForcibly();
            });
        }
    }

    private static SupervisionPolicy policy(Restart restart, long initialMs, long maxMs, int maxRestarts, Health health) {
        return new SupervisionPolicy(restart, new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs),
                Duration.ofSeconds(60)), maxRestarts, health, SupervisionPolicy.Logs.DEFAULT);
    }

    private static ServiceDefinition process(String id, SupervisionPolicy policy, String... command) {
        return ServiceDefinition.builder(id, ServiceKind.named("process")).stopTimeout(Duration.ofSeconds(2))
                .command(List.of(command)).supervision(policy).build();
    }

    private void supervise(ServiceDefinition... defs) {
        ServiceEnvironment env = new ServiceEnvironment(home.resolve("data"), home.resolve("run"), home.resolve("logs"),
                Installations.load(home.resolve("data/bundles")));
        processes = new ProcessManager(env.processStateDir());
        registry = new ServiceRegistry(List.of(defs), env, processes);
        EventLog.attach(registry, env.logDir());
        registry.addListener(events::add);
        supervisor = new Supervisor(registry, env.runDir()).start();
    }

    private ServiceSnapshot await(String id, Predicate<ServiceSnapshot> p) throws InterruptedException {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            ServiceSnapshot s = events.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (s != null && s.id().equals(id) && p.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no matching event for " + id + "; now " + registry.snapshot(id).orElseThrow());
    }

    private ServiceSnapshot await(String id, ServiceState state) throws InterruptedException {
        return await(id, s -> s.state() == state);
    }

    private static void signal(long pid, String sig) {
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void killedServiceGoesToBackoffThenRunsAgainWithANewPid() throws Exception {
        supervise(process("worker", policy(Restart.ON_FAILURE, 300, 5000, 5, Health.DEFAULT), "sleep", "300"));
        long pid = registry.start("worker").pid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // SIGKILL
        ServiceSnapshot backoff = await("worker", ServiceState.BACKOFF);
        assertNotNull(backoff.nextRestartAt());
        assertTrue(backoff.lastError().startsWith("killed by KILL, restart in 0.3 s (1/5)"), backoff.lastError());
        ServiceSnapshot running = await("worker", ServiceState.RUNNING);
        assertNotEquals(pid, running.pid());
        assertEquals(1, awaitStatus("worker", st -> st.state() == ServiceState.RUNNING).restarts());
        List<String> log = Files.readAllLines(EventLog.file(home.resolve("logs")));
        assertTrue(log.stream().anyMatch(l -> l.contains("\"to\":\"BACKOFF\"") && l.contains("\"signal\":9")), log.toString());
    }

    @Test
    void zeroBackoffRestartsAtOnce() throws Exception {
        supervise(process("worker", policy(Restart.ON_FAILURE, 0, 0, 5, Health.DEFAULT), "sleep", "300"));
        long pid = registry.start("worker").pid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await("worker", ServiceState.BACKOFF);
        assertNotEquals(pid, await("worker", ServiceState.RUNNING).pid());
    }

    private SupervisionStatus awaitStatus(String id, Predicate<SupervisionStatus> p) throws InterruptedException {
        // The status is bookkeeping on the supervisor's thread: ask until it has caught up with the event.
        for (int i = 0; i < 1000; i++) {
            SupervisionStatus s = supervisor.status(id).orElse(null);
            if (s != null && p.test(s)) {
                return s;
            }
            events.poll(10, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("status of " + id + " never matched: " + supervisor.status(id));
    }

    @Test
    void commandThatExitsAtOnceReachesFatalAfterMaxRestartsWithGrowingDelays() throws Exception {
        supervise(process("bad", policy(Restart.ON_FAILURE, 100, 10_000, 3, Health.DEFAULT), "sh", "-c", "echo boom; exit 1"));
        // As `stackyard run` starts its autostart services: the supervisor's own start.
        assertTrue(!supervisor.start(List.of("bad")).get("bad").ok(), "a command that exits at once is a failed start");
        List<Duration> delays = new ArrayList<>();
        ServiceSnapshot s;
        while ((s = await("bad", x -> x.state() == ServiceState.BACKOFF || x.state() == ServiceState.FATAL)).state()
                == ServiceState.BACKOFF) {
            delays.add(Duration.between(s.since(), s.nextRestartAt()));
        }
        assertEquals(3, delays.size(), "restarts before FATAL: " + delays);
        for (int i = 1; i < delays.size(); i++) {
            assertTrue(delays.get(i).compareTo(delays.get(i - 1)) > 0, "delays grow: " + delays);
        }
        assertTrue(s.lastError().startsWith("crash loop: failed 4 times"), s.lastError());
        assertTrue(s.logTail().contains("boom"), s.logTail().toString());
        assertEquals(ServiceState.FATAL, awaitStatus("bad", st -> st.state() == ServiceState.FATAL).state());
        // It stays: no restart is pending, and nothing more happens for longer than the next delay would be.
        assertNull(awaitStatus("bad", st -> true).nextRestartAt());
        assertNull(events.poll(1, TimeUnit.SECONDS));
        assertEquals(ServiceState.FATAL, registry.snapshot("bad").orElseThrow().state());
    }

    @Test
    void userStopDuringBackoffLeavesItStopped() throws Exception {
        supervise(process("worker", policy(Restart.ON_FAILURE, 1500, 5000, 5, Health.DEFAULT), "sleep", "300"));
        long pid = registry.start("worker").pid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ServiceSnapshot backoff = await("worker", ServiceState.BACKOFF);
        registry.stop("worker");
        await("worker", ServiceState.STOPPED);
        SupervisionStatus st = awaitStatus("worker", x -> x.state() == ServiceState.STOPPED);
        assertNull(st.nextRestartAt());
        // Past the moment the cancelled restart was due, nothing has happened.
        Duration left = Duration.between(java.time.Instant.now(), backoff.nextRestartAt()).plusMillis(700);
        assertNull(events.poll(Math.max(left.toMillis(), 0), TimeUnit.MILLISECONDS));
        assertEquals(ServiceState.STOPPED, registry.snapshot("worker").orElseThrow().state());
    }

    @Test
    void cliStopIntentDuringBackoffCancelsThePendingRestart() throws Exception {
        supervise(process("worker", policy(Restart.ON_FAILURE, 1500, 5000, 5, Health.DEFAULT), "sleep", "300"));
        long pid = registry.start("worker").pid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ServiceSnapshot backoff = await("worker", ServiceState.BACKOFF);
        // What `stackyard stop worker` in another JVM writes before it acts.
        UserIntents.record(home.resolve("run"), List.of("worker"), "stop");
        await("worker", ServiceState.STOPPED);
        Duration left = Duration.between(java.time.Instant.now(), backoff.nextRestartAt()).plusMillis(700);
        assertNull(events.poll(Math.max(left.toMillis(), 0), TimeUnit.MILLISECONDS));
    }

    @Test
    void userStopOfARunningServiceIsNeverRestarted() throws Exception {
        supervise(process("worker", policy(Restart.ALWAYS, 100, 5000, 5, Health.DEFAULT), "sleep", "300"));
        registry.start("worker");
        registry.stop("worker");
        await("worker", ServiceState.STOPPED);
        assertNull(events.poll(600, TimeUnit.MILLISECONDS));
        assertEquals(ServiceState.STOPPED, registry.snapshot("worker").orElseThrow().state());
    }

    @Test
    void aPersonsFailedStartStaysFailed() throws Exception {
        supervise(process("bad", policy(Restart.ON_FAILURE, 100, 10_000, 3, Health.DEFAULT), "sh", "-c", "exit 1"));
        try {
            registry.start("bad");
            fail("a command that exits at once is a failed start");
        } catch (RuntimeException expected) {
            // shown to the person who asked
        }
        await("bad", ServiceState.FAILED);
        assertNull(events.poll(600, TimeUnit.MILLISECONDS));
        assertEquals(ServiceState.FAILED, registry.snapshot("bad").orElseThrow().state());
    }

    @Test
    void restartNeverLeavesACrashFailed() throws Exception {
        supervise(process("worker", policy(Restart.NEVER, 100, 5000, 5, Health.DEFAULT), "sleep", "300"));
        long pid = registry.start("worker").pid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await("worker", ServiceState.FAILED);
        assertNull(events.poll(600, TimeUnit.MILLISECONDS));
    }

    @Test
    void stoppedRedisIsRestartedAfterItsHealthChecksFail() throws Exception {
        Daemons.require(ServiceKind.named("redis")); // skips here without redis, fails under CI=true
        int port = PortCheck.findFree(21300);
        ServiceDefinition def = ServiceDefinition.builder("cache", ServiceKind.named("redis")).port(port).stopSignal(Signal.TERM)
                .stopTimeout(Duration.ofMillis(500))
                .supervision(policy(Restart.ON_FAILURE, 100, 5000, 5, new Health(Duration.ofMillis(200), Duration.ofMillis(300), 2)))
                .build();
        supervise(def);
        long pid = registry.start("cache").pid();
        pidsToReap.add(pid);
        assertEquals(SupervisionStatus.Health.OK, awaitStatus("cache", st -> st.health() == SupervisionStatus.Health.OK).health());
        signal(pid, "STOP");
        assertEquals(SupervisionStatus.Health.FAILING,
                awaitStatus("cache", st -> st.health() == SupervisionStatus.Health.FAILING).health());
        await("cache", ServiceState.STOPPING);
        ServiceSnapshot backoff = await("cache", ServiceState.BACKOFF);
        assertTrue(backoff.lastError().startsWith("health check failed 2 times"), backoff.lastError());
        ServiceSnapshot running = await("cache", ServiceState.RUNNING);
        pidsToReap.add(running.pid());
        assertNotEquals(pid, running.pid());
        assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive(), "the hung redis is gone");
    }
}
