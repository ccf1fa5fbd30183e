package dev.stackyard.core.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The process core against real child processes (a bash fixture and plain {@code sleep}). */
class ProcessManagerTest {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;
    private ProcessManager manager;
    private final List<ProcessManager> managers = new ArrayList<>();
    private final List<Process> strangers = new ArrayList<>();
    private final BlockingQueue<ProcessEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() {
        manager = newManager();
    }

    @AfterEach
    void tearDown() {
        for (ProcessManager m : managers) {
            m.stopAll(Duration.ofSeconds(2));
            m.close();
        }
        for (Process p : strangers) {
            p.destroyForcibly();
        }
    }

    private ProcessManager newManager() {
        ProcessManager m = new ProcessManager(tmp.resolve("run"));
        m.addListener(events::add);
        managers.add(m);
        return m;
    }

    static String fixture() {
        try {
            return Path.of(ProcessManagerTest.class.getResource("/fixtures/fixture.sh").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private ProcessSpec spec(String id, StopPolicy policy, String... args) {
        List<String> argv = new ArrayList<>(List.of("/bin/bash", fixture()));
        argv.addAll(List.of(args));
        return new ProcessSpec(id, argv, tmp.resolve("work"), Map.of(), tmp.resolve("logs/" + id + ".log"), null, policy);
    }

    private ProcessSpec spec(String id, String... args) {
        return spec(id, StopPolicy.of(Signal.TERM, Duration.ofSeconds(5)), args);
    }

    private static boolean alive(long pid) {
        return ProcFs.stat(pid).filter(s -> !s.isZombie()).isPresent();
    }

    /** Ready once the record-signal fixture has set its traps (it says so in its log). */
    private ReadinessCheck trapsSet(String id) {
        return logSays(id, "fixture: recording signals");
    }

    /**
     * Ready once the fixture's log has {@code line}: for a signal fixture, the line it prints after
     * its trap is set, so no signal can arrive before the trap does.
     */
    private ReadinessCheck logSays(String id, String line) {
        Path log = tmp.resolve("logs/" + id + ".log");
        return (pid, timeout) -> logHas(log, line);
    }

    static boolean logHas(Path log, String line) {
        try {
            return Files.exists(log) && Files.readString(log).contains(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ReadinessCheck fileExists(Path file) {
        return (pid, timeout) -> Files.exists(file);
    }

    private <T extends ProcessEvent> T awaitEvent(Class<T> type, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ProcessEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e) && e.id().equals(id)) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " event for " + id);
    }

    @ParameterizedTest
    @EnumSource(value = Signal.class, names = {"QUIT", "INT", "TERM"})
    void stopDeliversTheConfiguredSignalGracefully(Signal signal) throws IOException {
        Path got = tmp.resolve("signal.txt");
        ProcessInfo info = manager.start(spec("rec", StopPolicy.of(signal, Duration.ofSeconds(5)), "record-signal", got.toString()),
                trapsSet("rec"), READY_TIMEOUT);
        assertTrue(alive(info.pid()));
        assertTrue(Files.exists(manager.stateFile("rec")), "state file written at start");
        assertEquals(info.pid(), PidFiles.read(manager.ownPidFile("rec")).orElseThrow());

        StopResult result = manager.stop("rec");

        assertEquals(StopResult.Outcome.GRACEFUL, result.outcome());
        assertEquals(signal.name(), Files.readString(got).strip());
        assertEquals(0, result.status().exitCode().orElseThrow());
        assertFalse(alive(info.pid()));
        assertFalse(Files.exists(manager.stateFile("rec")));
        assertFalse(Files.exists(manager.ownPidFile("rec")));
    }

    @Test
    void recordsTheDaemonsIdentity() {
        ProcessInfo info = manager.start(spec("id", "fork-two"), ReadinessCheck.ALIVE, READY_TIMEOUT);
        ProcFs.Stat stat = ProcFs.stat(info.pid()).orElseThrow();
        assertEquals(stat.startTicks(), info.identity().startTicks());
        assertEquals(ProcFs.exe(info.pid()).orElseThrow(), info.identity().exe());
        assertTrue(info.identity().exe().endsWith("bash"), "the daemon itself, not setsid: " + info.identity().exe());
        assertEquals(info.pid(), stat.pgrp(), "own process group");
        assertEquals(info.pid(), stat.session(), "own session");
    }

    @Test
    void exitAtOnceFailsWithExitCodeAndLogLinesAndLeavesNothing() {
        StartFailedException e = assertThrows(StartFailedException.class,
                () -> manager.start(spec("bad", "exit-now", "3"), ReadinessCheck.aliveFor(Duration.ofMillis(500)), READY_TIMEOUT));
        assertEquals(StartFailedException.Reason.EXITED_BEFORE_READY, e.reason());
        assertEquals(3, e.status().orElseThrow().exitCode().orElseThrow());
        assertTrue(e.logTail().contains("fixture: failing at once"), e.logTail().toString());
        assertTrue(e.getMessage().contains("exit code 3"), e.getMessage());
        assertFalse(Files.exists(manager.stateFile("bad")));
        assertFalse(Files.exists(manager.ownPidFile("bad")));
        assertTrue(manager.find("bad").isEmpty());
    }

    @Test
    void exitAfterHalfASecondBeforeReadyFailsWithExitCodeAndLogLines() {
        // A deadline far away: EXITED_BEFORE_READY (not NOT_READY_IN_TIME) shows the exit ended the wait.
        StartFailedException e = assertThrows(StartFailedException.class,
                () -> manager.start(spec("late", "exit-after", "0.5", "4"), (pid, t) -> false, Duration.ofHours(1)));
        assertEquals(StartFailedException.Reason.EXITED_BEFORE_READY, e.reason());
        assertEquals(4, e.status().orElseThrow().exitCode().orElseThrow());
        assertTrue(e.logTail().contains("fixture: giving up"), e.logTail().toString());
        assertFalse(Files.exists(manager.stateFile("late")));
    }

    @Test
    void startReturnsOnlyOnceTheReadinessCheckPasses() {
        Path ready = tmp.resolve("ready");
        ProcessInfo info = manager.start(spec("slow", "ready-after", "0.3", ready.toString()), fileExists(ready), READY_TIMEOUT);
        assertTrue(Files.exists(ready), "returned before the fixture was ready");
        assertTrue(alive(info.pid()));
    }

    @Test
    void notReadyInTimeFailsAndKillsTheProcess() {
        List<Long> pids = new ArrayList<>();
        StartFailedException e = assertThrows(StartFailedException.class,
                () -> manager.start(spec("never", "fork-two"), (pid, t) -> {
                    pids.add(pid);
                    throw new ReadinessCheck.NotReady("connection refused");
                }, Duration.ofMillis(300)));
        assertEquals(StartFailedException.Reason.NOT_READY_IN_TIME, e.reason());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        long pid = pids.getFirst();
        assertFalse(alive(pid));
        assertTrue(ProcFs.groupMembers(pid).isEmpty(), "forked children killed too");
        assertFalse(Files.exists(manager.stateFile("never")));
    }

    @Test
    void aReadinessCheckThatThrowsFailsTheStartAtOnceWithItsCause() {
        List<Long> pids = new ArrayList<>();
        IllegalStateException bug = new IllegalStateException("bug in the probe");
        StartFailedException e = assertThrows(StartFailedException.class,
                () -> manager.start(spec("buggy", "fork-two"), (pid, t) -> {
                    pids.add(pid);
                    throw bug;
                }, Duration.ofHours(1)));
        assertEquals(StartFailedException.Reason.CHECK_FAILED, e.reason());
        assertEquals(bug, e.getCause());
        assertEquals(1, pids.size(), "not retried as if it were not ready");
        assertFalse(alive(pids.getFirst()));
        assertTrue(ProcFs.groupMembers(pids.getFirst()).isEmpty(), "forked children killed too");
        assertFalse(Files.exists(manager.stateFile("buggy")));
    }

    @Test
    void missingExecutableIsASpawnFailure() {
        ProcessSpec spec = new ProcessSpec("ghost", List.of("/nonexistent/daemon"), tmp, Map.of(), tmp.resolve("g.log"),
                null, StopPolicy.of(Signal.TERM, Duration.ofSeconds(1)));
        StartFailedException e = assertThrows(StartFailedException.class,
                () -> manager.start(spec, ReadinessCheck.ALIVE, READY_TIMEOUT));
        assertEquals(StartFailedException.Reason.SPAWN_FAILED, e.reason());
        assertTrue(e.getMessage().contains("/nonexistent/daemon"), e.getMessage());
    }

    @Test
    void termIgnoringProcessIsKilledAfterItsGracePeriod() {
        ProcessInfo info = manager.start(spec("stubborn", StopPolicy.of(Signal.TERM, Duration.ofMillis(300)), "ignore-term"),
                ignoringTerm("stubborn"), READY_TIMEOUT);
        StopResult result = manager.stop("stubborn");
        assertEquals(StopResult.Outcome.KILLED, result.outcome());
        assertEquals(Signal.KILL, result.status().killedBy().orElseThrow());
        assertFalse(alive(info.pid()));
    }

    @Test
    void ladderEscalatesToTheNextSignalWhenTheFirstIsIgnored() {
        StopPolicy ladder = StopPolicy.of(Signal.TERM, Duration.ofMillis(200)).then(Signal.USR1, Duration.ofSeconds(5), false);
        ProcessInfo info = manager.start(spec("ladder", ladder, "ignore-term"), ignoringTerm("ladder"), READY_TIMEOUT);
        StopResult result = manager.stop("ladder");
        assertEquals(StopResult.Outcome.ESCALATED, result.outcome());
        assertEquals(Signal.USR1, result.status().killedBy().orElseThrow());
        assertFalse(alive(info.pid()));
    }

    @Test
    void stopDeadlineCutsTheLadderShort() {
        Duration grace = Duration.ofHours(1);
        ProcessInfo info = manager.start(spec("hurry", StopPolicy.of(Signal.TERM, grace), "ignore-term"),
                ignoringTerm("hurry"), READY_TIMEOUT);
        StopResult result = manager.stop("hurry", Duration.ofMillis(300));
        assertEquals(StopResult.Outcome.KILLED, result.outcome());
        assertTrue(result.took().compareTo(grace) < 0, "the ladder's hour was not cut short: " + result.took());
        assertFalse(alive(info.pid()));
    }

    private ReadinessCheck ignoringTerm(String id) {
        return logSays(id, "fixture: ignoring TERM");
    }

    @Test
    void forkedChildrenAreGoneAfterStop() {
        ProcessInfo info = manager.start(spec("forker", StopPolicy.of(Signal.TERM, Duration.ofSeconds(5)), "fork-two"),
                ReadinessCheck.ALIVE, READY_TIMEOUT);
        waitUntil(() -> ProcFs.groupMembers(info.pid()).size() >= 3, "two children forked");
        manager.stop("forker");
        assertTrue(ProcFs.groupMembers(info.pid()).isEmpty(), "group still has " + ProcFs.groupMembers(info.pid()));
    }

    @Test
    void liveUnrelatedProcessNamedByAPidFileIsNeverSignalled() throws IOException {
        Process sleep = stranger();
        Files.createDirectories(manager.stateDir());
        Files.writeString(manager.ownPidFile("web"), sleep.pid() + "\n");

        StopResult result = manager.stop("web");

        assertEquals(StopResult.Outcome.ALREADY_STOPPED, result.outcome());
        assertTrue(sleep.isAlive(), "the unrelated sleep was signalled");
        assertFalse(Files.exists(manager.ownPidFile("web")));
        ProcessEvent.StaleFileRemoved stale = assertInstanceOfEvent(ProcessEvent.StaleFileRemoved.class, "web");
        assertTrue(stale.reason().contains("stale PID file removed"), stale.reason());
    }

    @Test
    void forgedStateFileNamingAnUnrelatedProcessIsNeverSignalled() throws IOException {
        Process sleep = stranger();
        long ticks = ProcFs.stat(sleep.pid()).orElseThrow().startTicks();
        Path daemonPid = tmp.resolve("daemon.pid");
        Files.writeString(daemonPid, sleep.pid() + "\n");
        new StateFile(new ProcessIdentity(sleep.pid(), ticks - 1, "/usr/bin/sleep", ProcFs.bootId()), sleep.pid(),
                java.time.Instant.now(), StopPolicy.of(Signal.KILL, Duration.ZERO), tmp.resolve("x.log"), daemonPid,
                List.of("sleep")).write(manager.stateFile("db"));

        assertEquals(StopResult.Outcome.ALREADY_STOPPED, manager.stop("db").outcome());
        assertTrue(sleep.isAlive());
        assertFalse(Files.exists(manager.stateFile("db")));
        assertFalse(Files.exists(daemonPid));
    }

    @Test
    void startCleansAStalePidFileAndSpawnsItsOwnProcess() throws IOException {
        Process sleep = stranger();
        Path daemonPid = tmp.resolve("own.pid");
        Files.writeString(daemonPid, sleep.pid() + "\n");
        ProcessSpec spec = new ProcessSpec("own", List.of("/bin/bash", fixture(), "write-pidfile", daemonPid.toString()),
                tmp, Map.of(), tmp.resolve("own.log"), daemonPid, StopPolicy.of(Signal.TERM, Duration.ofSeconds(5)));
        ProcessInfo info = manager.start(spec, (pid, t) -> PidFiles.read(daemonPid).orElse(-1) == pid, READY_TIMEOUT);
        assertTrue(info.pid() != sleep.pid());
        assertEquals(daemonPid, info.pidFile());
        manager.stop("own");
        assertTrue(sleep.isAlive());
        assertFalse(Files.exists(daemonPid), "the daemon's PID file is removed after stop");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "0", "1", "abc", "99999999", "12 34", "\n"})
    void garbagePidFileIsStaleAndNothingIsSignalled(String content) throws IOException {
        Files.createDirectories(manager.stateDir());
        Files.writeString(manager.ownPidFile("junk"), content);
        assertEquals(StopResult.Outcome.ALREADY_STOPPED, manager.stop("junk").outcome());
        assertFalse(Files.exists(manager.ownPidFile("junk")));
        assertTrue(manager.find("junk").isEmpty());
    }

    @Test
    void garbageStateFileIsRemoved() throws IOException {
        Files.createDirectories(manager.stateDir());
        Files.writeString(manager.stateFile("junk"), "pid=1\nstartTicks=zzz\n");
        assertTrue(manager.find("junk").isEmpty());
        assertFalse(Files.exists(manager.stateFile("junk")));
    }

    @Test
    void aFreshManagerAdoptsAndStopsWhatAnEarlierOneStarted() throws Exception {
        Path got = tmp.resolve("sig");
        ProcessInfo started = manager.start(spec("kept", StopPolicy.of(Signal.QUIT, Duration.ofSeconds(5)), "record-signal",
                got.toString()), trapsSet("kept"), READY_TIMEOUT);

        ProcessManager second = newManager();
        ProcessInfo adopted = second.find("kept").orElseThrow();
        assertTrue(adopted.adopted());
        assertEquals(started.pid(), adopted.pid());
        assertEquals(List.of("kept"), second.adoptAll().stream().map(ProcessInfo::id).toList());

        events.clear();
        StopResult result = second.stop("kept");
        assertEquals(StopResult.Outcome.GRACEFUL, result.outcome());
        // Both managers saw the exit; neither takes it for a crash, since the stop was recorded.
        assertTrue(awaitEvent(ProcessEvent.Exited.class, "kept").expected());
        assertTrue(awaitEvent(ProcessEvent.Exited.class, "kept").expected());
        assertEquals("QUIT", Files.readString(got).strip());
        assertFalse(alive(started.pid()));
    }

    @Test
    void externalKillIsPublishedAsAnExitEvent() throws Exception {
        ProcessInfo info = manager.start(spec("victim", "fork-two"), ReadinessCheck.ALIVE, READY_TIMEOUT);
        events.clear();
        new ProcessBuilder("kill", "-9", Long.toString(info.pid())).start().waitFor();
        ProcessEvent.Exited exited = awaitEvent(ProcessEvent.Exited.class, "victim");
        assertFalse(exited.expected());
        assertEquals(Signal.KILL, exited.status().killedBy().orElseThrow());
        waitUntil(() -> manager.find("victim").isEmpty(), "state cleaned after the crash");
        waitUntil(() -> ProcFs.groupMembers(info.pid()).isEmpty(), "orphaned workers killed");
    }

    @Test
    void externalKillOfAnAdoptedProcessIsPublishedThroughThePidfd() throws Exception {
        ProcessInfo info = manager.start(spec("adoptee", "fork-two"), ReadinessCheck.ALIVE, READY_TIMEOUT);
        ProcessManager second = newManager();
        second.find("adoptee").orElseThrow();
        events.clear();
        new ProcessBuilder("kill", "-9", Long.toString(info.pid())).start().waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean secondSaw = false;
        while (!secondSaw && System.nanoTime() < deadline) {
            ProcessEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            secondSaw = e instanceof ProcessEvent.Exited x && x.id().equals("adoptee") && x.status().code() == null
                    && x.status().signal() == null;
        }
        assertTrue(secondSaw, "the adopting manager published the exit (status unknown: not its child)");
    }

    /**
     * Each fixture, once TERMed, finishes only when the gate file exists. All of them saying "got
     * TERM" while the gate is shut can only happen if the stops run side by side.
     */
    @Test
    void stopAllStopsInParallel() throws Exception {
        int n = 20;
        Path gate = tmp.resolve("gate");
        for (int i = 0; i < n; i++) {
            manager.start(spec("slow" + i, StopPolicy.of(Signal.TERM, Duration.ofMinutes(10)), "slow-term", gate.toString()),
                    logSays("slow" + i, "fixture: TERM trap set"), READY_TIMEOUT);
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Map<String, StopResult>> stopping = pool.submit(() -> manager.stopAll(Duration.ofMinutes(10)));
            for (int i = 0; i < n; i++) {
                Path log = tmp.resolve("logs/slow" + i + ".log");
                waitUntil(() -> logHas(log, "fixture: got TERM"), log + " says it got TERM while the gate is shut");
            }
            Files.writeString(gate, "open\n");
            Map<String, StopResult> results = stopping.get(60, TimeUnit.SECONDS);
            assertEquals(n, results.size());
            results.values().forEach(r -> assertEquals(StopResult.Outcome.GRACEFUL, r.outcome(), r.toString()));
        } finally {
            Files.writeString(gate, "open\n");
            pool.shutdown();
        }
    }

    @Test
    void concurrentStartsOfOneIdGiveOneProcess() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        Path ready = tmp.resolve("r");
        List<Future<ProcessInfo>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<ProcessInfo> c = () -> {
                go.await();
                return manager.start(spec("once", "ready-after", "0.1", ready.toString()), fileExists(ready), READY_TIMEOUT);
            };
            results.add(pool.submit(c));
        }
        go.countDown();
        Set<Long> pids = new HashSet<>();
        for (Future<ProcessInfo> f : results) {
            pids.add(f.get(20, TimeUnit.SECONDS).pid());
        }
        pool.shutdown();
        assertEquals(1, pids.size(), "pids " + pids);
        long bashes = ProcFs.all().stream().filter(s -> s.session() == pids.iterator().next() && s.pid() == s.session()).count();
        assertEquals(1, bashes);
    }

    /** The stop of "slowstop" cannot end before the gate opens, so "other" went through while it ran. */
    @Test
    void aSlowStopOfOneIdDoesNotHoldUpAnotherId() throws Exception {
        Path gate = tmp.resolve("gate");
        manager.start(spec("slowstop", StopPolicy.of(Signal.TERM, Duration.ofMinutes(10)), "slow-term", gate.toString()),
                logSays("slowstop", "fixture: TERM trap set"), READY_TIMEOUT);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<StopResult> stop = pool.submit(() -> manager.stop("slowstop"));
            waitUntil(() -> logHas(tmp.resolve("logs/slowstop.log"), "fixture: got TERM"), "slowstop is stopping");
            manager.start(spec("other", "fork-two"), ReadinessCheck.ALIVE, READY_TIMEOUT);
            assertEquals(StopResult.Outcome.GRACEFUL, manager.stop("other").outcome());
            assertFalse(stop.isDone(), "the slow stop is still waiting for its gate");
            Files.writeString(gate, "open\n");
            assertEquals(StopResult.Outcome.GRACEFUL, stop.get(60, TimeUnit.SECONDS).outcome());
        } finally {
            Files.writeString(gate, "open\n");
            pool.shutdown();
        }
    }

    @Test
    void stoppingWhatIsStoppedSucceeds() {
        manager.start(spec("twice", "fork-two"), ReadinessCheck.ALIVE, READY_TIMEOUT);
        manager.stop("twice");
        assertEquals(StopResult.Outcome.ALREADY_STOPPED, manager.stop("twice").outcome());
        assertEquals(StopResult.Outcome.ALREADY_STOPPED, manager.stop("never-started").outcome());
    }

    @Test
    void startingARunningIdReturnsTheSameProcess() {
        ProcessInfo first = manager.start(spec("same", "fork-two"), ReadinessCheck.ALIVE, READY_TIMEOUT);
        ProcessInfo again = newManager().start(spec("same", "fork-two"), ReadinessCheck.ALIVE, READY_TIMEOUT);
        assertEquals(first.pid(), again.pid());
    }

    @Test
    void signalsReachTheProcessOrItsGroup() throws Exception {
        Path got = tmp.resolve("hup");
        ProcessInfo info = manager.start(spec("sig", "record-signal", got.toString()), trapsSet("sig"), READY_TIMEOUT);
        assertTrue(manager.signal("sig", Signal.HUP, false));
        assertEquals(0, manager.awaitExit("sig", Duration.ofSeconds(5)).orElseThrow().exitCode().orElseThrow());
        assertEquals("HUP", Files.readString(got).strip());
        assertFalse(alive(info.pid()));
        assertFalse(manager.signal("nothing-here", Signal.TERM, true));
    }

    private Process stranger() throws IOException {
        Process p = new ProcessBuilder("sleep", "1000").start();
        strangers.add(p);
        return p;
    }

    private <T extends ProcessEvent> T assertInstanceOfEvent(Class<T> type, String id) {
        try {
            return assertInstanceOf(type, awaitEvent(type, id));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }
}
