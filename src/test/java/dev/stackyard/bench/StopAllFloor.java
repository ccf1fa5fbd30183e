package dev.stackyard.bench;

import dev.stackyard.core.process.ProcFs;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under the stop-all rows: the same N {@code bash} commands, each started in a session
 * of its own (as Stackyard starts them), TERM sent to each group and every exit awaited, with
 * nothing else: no records, no identity checks, no search for escaped children. What it takes
 * over 1000 ms is bash's (forking its {@code sleep 1}, exiting) and the kernel's, not Stackyard's.
 */
final class StopAllFloor {
    private static final Duration READY_WAIT = Duration.ofSeconds(30);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(2);
    private static final int TERM = 15;

    private StopAllFloor() {
    }

    /** Wall time (ms) from the first TERM to the last exit of {@code n} copies of {@code command}. */
    static double once(int n, List<String> command) throws IOException, InterruptedException {
        List<Process> started = new ArrayList<>();
        List<Long> children = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                List<String> argv = new ArrayList<>(List.of("setsid"));
                argv.addAll(command);
                started.add(new ProcessBuilder(argv).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (Process p : started) {
                children.addAll(awaitChild(p)); // the trap is set once bash has forked its sleep
            }
            long t0 = System.nanoTime();
            for (Process p : started) {
                Libc.killGroup(p.pid(), TERM); // setsid exec'd bash: its PID is its group's id
            }
            for (Process p : started) {
                p.onExit().get(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            return RawDaemon.ms(System.nanoTime() - t0);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a floor bash did not exit after TERM", e);
        } finally {
            for (Process p : started) {
                if (p.isAlive()) {
                    Libc.killGroup(p.pid(), 9);
                    p.onExit().join();
                }
            }
            for (long child : children) { // the group TERM ends each sleep; a check, not a clean-up
                if (ProcFs.stat(child).filter(s -> !s.isZombie()).isPresent()) {
                    throw new IllegalStateException("floor: PID " + child + " outlived its group's TERM");
                }
            }
        }
    }

    private static List<Long> awaitChild(Process p) {
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (System.nanoTime() < deadline && p.isAlive()) {
            List<Long> kids = ProcFs.children(p.pid());
            if (kids != null && !kids.isEmpty()) {
                return kids;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        throw new IllegalStateException("floor: bash PID " + p.pid() + " never forked its sleep");
    }
}
