package dev.stackyard.bench;

import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceManager;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The baseline: a daemon spawned directly with {@link ProcessBuilder}, with exactly the argv,
 * working folder, environment and log redirection Stackyard's manager prepares (so postgres as root
 * goes through setpriv), but without {@code setsid}, state records, port check or probe back-off.
 * Ready is polled with the manager's own readiness check every millisecond; stop is the first rung
 * of the kind's stop ladder, sent to the daemon alone, timed until the JDK sees it exit.
 */
final class RawDaemon {
    private static final Duration POLL = Duration.ofMillis(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    /** One start and stop, in milliseconds. */
    record Cycle(double startMs, double stopMs) {
    }

    private RawDaemon() {
    }

    /** Prepares (untimed), spawns, waits until ready, signals, waits for the exit. */
    static Cycle cycle(ServiceManager manager, BenchHome home) throws IOException, InterruptedException {
        Installation installation = manager.installation().orElseThrow();
        ServiceManager.Launch launch = manager.prepare(installation, line -> { });
        ProcessSpec spec = launch.spec();
        Files.createDirectories(spec.workDir());
        Files.createDirectories(spec.logFile().toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(spec.argv())
                .directory(spec.workDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(spec.env());

        long t0 = System.nanoTime();
        Process p = home.track(pb.start());
        awaitReady(p, launch, spec, t0);
        long t1 = System.nanoTime();

        Signal signal = spec.stopPolicy().steps().getFirst().signal();
        List<ProcessHandle> children = p.descendants().toList();
        long t2 = System.nanoTime();
        Libc.kill(p.pid(), signal.number());
        if (!p.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(manager.id() + " (raw) did not exit within " + STOP_WAIT + " of " + signal);
        }
        long t3 = System.nanoTime();
        home.untrack(p);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(manager.id() + " (raw) exited " + p.exitValue() + " after " + signal
                    + ", not 0; log: " + tail(spec.logFile()));
        }
        leftovers(children, manager.id());
        return new Cycle(ms(t1 - t0), ms(t3 - t2));
    }

    private static void awaitReady(Process p, ServiceManager.Launch launch, ProcessSpec spec, long t0)
            throws InterruptedException {
        long deadline = t0 + launch.readyTimeout().toNanos();
        String lastProblem = "never probed";
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException(spec.id() + " (raw) exited before it was ready, status "
                        + p.exitValue() + "; log: " + tail(spec.logFile()));
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new IllegalStateException(spec.id() + " (raw) not ready in " + launch.readyTimeout() + ": " + lastProblem);
            }
            try {
                if (launch.readiness().isReady(p.pid(), Duration.ofNanos(Math.min(remaining, Duration.ofSeconds(2).toNanos())))) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                lastProblem = String.valueOf(e.getMessage());
            }
            try {
                p.onExit().get(POLL.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // the pause ended without an exit: probe again
            }
        }
    }

    /** A clean stop leaves no children (nginx and php-fpm workers exit before their master). */
    private static void leftovers(List<ProcessHandle> children, String id) {
        // A zombie no longer holds anything; ProcessHandle.isAlive() would still say true.
        List<ProcessHandle> left = children.stream()
                .filter(c -> ProcFs.stat(c.pid()).filter(s -> !s.isZombie()).isPresent()).toList();
        if (!left.isEmpty()) {
            left.forEach(ProcessHandle::destroyForcibly);
            throw new IllegalStateException(id + " (raw) left " + left.size() + " children running after its stop");
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
