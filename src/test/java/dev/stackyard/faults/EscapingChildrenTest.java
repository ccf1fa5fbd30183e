package dev.stackyard.faults;

import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.ProcessEvent;
import dev.stackyard.core.process.ProcessInfo;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.process.StopResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Children that leave their service's process group and session (the classic {@code setsid}
 * double fork), or outlive a leader that exits 0, against the real process core: a stop, a failed
 * start, a crash of the leader and the next look after an unwatched crash must end them, and a
 * process that does not carry the service's marker is never signalled.
 */
class EscapingChildrenTest {
    private static final Duration READY = Duration.ofSeconds(15);

    @TempDir
    Path tmp;
    private final List<ProcessManager> managers = new ArrayList<>();
    private final BlockingQueue<ProcessEvent> events = new LinkedBlockingQueue<>();
    private final Escapees escapees = new Escapees();

    @AfterEach
    void tearDown() {
        for (ProcessManager m : managers) {
            m.stopAll(Duration.ofSeconds(2));
            m.close();
        }
        escapees.killAll();
    }

    private ProcessManager manager() {
        ProcessManager m = new ProcessManager(tmp.resolve("run"));
        m.addListener(events::add);
        managers.add(m);
        return m;
    }

    private ProcessSpec spec(String id, String script, Map<String, String> env) {
        return new ProcessSpec(id, List.of("/bin/bash", "-c", script), tmp.resolve("work"), env,
                tmp.resolve("logs/" + id + ".log"), null, StopPolicy.of(Signal.TERM, Duration.ofSeconds(5)));
    }

    private static ReadinessCheck fileExists(Path file) {
        return (pid, timeout) -> Files.exists(file);
    }

    /** Starts {@code id} as a command that double-forks a daemon (its PID in {@code escaped}), then execs a sleep. */
    private ProcessInfo startDaemonizing(ProcessManager manager, String id, Path escaped) {
        return manager.start(spec(id, Escapees.doubleFork(escaped) + "; exec sleep 1000", Map.of()), fileExists(escaped), READY);
    }

    @Test
    void aDaemonDoubleForkedIntoItsOwnSessionIsEndedByStop() throws Exception {
        Path escaped = tmp.resolve("escaped.pid");
        ProcessManager manager = manager();
        ProcessInfo leader = startDaemonizing(manager, "worker", escaped);
        long child = escapees.track(escaped);
        ProcFs.Stat st = ProcFs.stat(child).orElseThrow();
        assertTrue(st.session() != leader.pid() && st.pgrp() != leader.pid(),
                "the fixture did not escape: " + st);

        manager.stop("worker");

        assertTrue(Escapees.gone(child), "the escaped daemon still runs after stop: " + ProcFs.stat(child));
    }

    @Test
    void anEscapedDaemonGetsTheStopsTermNotOnlyTheFinalKill() throws Exception {
        // The stop looks for marked escapees only after its first signal (during the grace), and
        // must still hand them that signal: this daemon says when TERM reached it.
        Path escaped = tmp.resolve("escaped.pid");
        Path gotTerm = tmp.resolve("got-term");
        ProcessManager manager = manager();
        String daemon = "( setsid /bin/bash -c 'trap \"echo TERM > " + gotTerm + "; exit 0\" TERM; echo $$ > "
                + escaped + ".tmp && mv " + escaped + ".tmp " + escaped
                + "; while :; do sleep 1000 & wait $!; done' </dev/null >/dev/null 2>&1 & )";
        manager.start(spec("worker", daemon + "; exec sleep 1000", Map.of()), fileExists(escaped), READY);
        long child = escapees.track(escaped);

        StopResult result = manager.stop("worker");

        assertEquals(StopResult.Outcome.GRACEFUL, result.outcome(), result.toString());
        assertTrue(Escapees.gone(child), "the escaped daemon still runs after stop: " + ProcFs.stat(child));
        assertTrue(Files.exists(gotTerm), "the escaped daemon never got the stop's TERM (only the final KILL)");
        assertEquals("TERM", Files.readString(gotTerm).strip());
    }

    @Test
    void aChildThatKeepsThePortAfterTheLeaderExitsZeroIsEndedWhenTheLeaderExits() throws Exception {
        Path escaped = tmp.resolve("listener.pid");
        Path go = tmp.resolve("go");
        ProcessManager manager = manager();
        manager.start(spec("vite", Escapees.doubleFork(escaped)
                        + "; while [ ! -e " + go + " ]; do sleep 0.05; done; exit 0", Map.of()),
                fileExists(escaped), READY);
        long child = escapees.track(escaped);

        Files.createFile(go); // the leader exits 0 now, as a command that "started a server" does
        ProcessEvent.Exited exit = awaitExit("vite");
        assertEquals(0, exit.status().exitCode().orElse(-1), exit.toString());

        Escapees.awaitGone(child, "the child left by a leader that exited 0");
    }

    @Test
    void aStartThatFailsEndsTheChildItLeftInAnotherSession() throws Exception {
        Path escaped = tmp.resolve("listener.pid");
        ProcessManager manager = manager();
        ProcessSpec spec = spec("dev", Escapees.doubleFork(escaped)
                + "; while [ ! -e " + escaped + " ]; do sleep 0.05; done; exit 0", Map.of());

        assertThrows(StartFailedException.class, () -> manager.start(spec, ReadinessCheck.aliveFor(Duration.ofSeconds(30)), READY));

        long child = escapees.track(escaped);
        assertTrue(Escapees.gone(child), "a failed start left its escaped child running: " + ProcFs.stat(child));
    }

    @Test
    void aCrashNobodyWatchedIsCleanedUpByTheNextLook() throws Exception {
        Path escaped = tmp.resolve("escaped.pid");
        ProcessManager cli = manager();
        ProcessInfo leader = startDaemonizing(cli, "queue", escaped);
        long child = escapees.track(escaped);
        cli.close(); // a CLI call that started it has ended: nobody watches
        managers.remove(cli);
        ProcessHandle.of(leader.pid()).orElseThrow().destroyForcibly();
        Escapees.awaitGone(leader.pid(), "the killed leader");
        assertTrue(!Escapees.gone(child), "the escaped daemon should outlive its leader until someone looks");

        ProcessManager next = manager(); // the next CLI call, e.g. status
        assertTrue(next.find("queue").isEmpty());

        assertTrue(Escapees.gone(child), "the next look left the escaped daemon of a crashed leader running");
    }

    @Test
    void aProcessWithoutTheServicesMarkerIsNeverSignalledByItsStop() throws Exception {
        Path escaped = tmp.resolve("escaped.pid");
        // A stranger that claims the same service id (another home, an earlier run) but not this start's token.
        Path strangerPid = tmp.resolve("stranger.pid");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", Escapees.doubleFork(strangerPid))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("STACKYARD_SERVICE", "worker.0000000000000000");
        pb.start().waitFor();
        long other = escapees.track(strangerPid);
        ProcessManager manager = manager();
        startDaemonizing(manager, "worker", escaped);
        long child = escapees.track(escaped);

        manager.stop("worker");

        assertTrue(Escapees.gone(child), "the service's own escaped daemon still runs");
        assertTrue(!Escapees.gone(other), "a process that is not the service's was signalled");
    }

    private ProcessEvent.Exited awaitExit(String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            ProcessEvent e = events.poll(100, TimeUnit.MILLISECONDS);
            if (e instanceof ProcessEvent.Exited x && x.id().equals(id)) {
                return x;
            }
        }
        throw new AssertionError("no exit event for " + id);
    }
}
