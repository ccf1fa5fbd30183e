package dev.stackyard.app;

import dev.stackyard.core.process.PidFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged window on a real X server (Xvfb, GTK glass), left alone: JavaFX's pulse timer
 * pauses ({@link IdlePulseTimer}), so the FX thread stops waking every 16 ms, and the window still
 * repaints at once when something changes after that pause (a CLI stop shows in the window).
 */
class IdleWindowIT {
    /** The GTK pulse timer at 60 Hz wakes the FX thread at least this often in the quiet spell below. */
    private static final int WAKE_UPS_OF_A_RUNNING_TIMER = 60 * 2;
    private static final Duration QUIET_SPELL = Duration.ofSeconds(2);

    @TempDir
    Path home;
    private Process app;
    private Xvfb x;

    @AfterEach
    void noLeftovers() throws Exception {
        if (app != null && app.isAlive()) {
            app.destroy(); // SIGTERM: the window stops its services, then exits
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        readPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (x != null) {
            x.close();
        }
    }

    @Test
    void anIdleWindowStopsWakingAndStillRepaintsWhenSomethingChanges() throws Exception {
        AutostartWorker.writeConfig(home);
        x = Xvfb.start();
        ProcessBuilder pb = new ProcessBuilder(java("-Dprism.order=sw", "-jar", jar()));
        pb.environment().put("STACKYARD_HOME", home.toString());
        pb.environment().put("DISPLAY", x.display());
        pb.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        Path out = home.resolve("app.out");
        app = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        Path appLog = home.resolve("logs/stackyard.log");

        awaitTrue(() -> readPid().isPresent() && logHas(appLog, "pulse timer pauses when nothing changes on screen"),
                "the window with its service running and the idle pulse in place", out, appLog);
        long fxThread = fxThread(app.pid()).orElseThrow(() -> new AssertionError("no JavaFX Application Thread"));

        // Left alone, the FX thread sleeps: a running pulse timer would wake it 120 times in 2 s.
        // Measured once the window has settled (its first figures shown), in up to 10 spells.
        long wakeUps = Long.MAX_VALUE;
        for (int spell = 0; spell < 10 && wakeUps >= WAKE_UPS_OF_A_RUNNING_TIMER / 4; spell++) {
            long before = voluntarySwitches(app.pid(), fxThread);
            app.waitFor(QUIET_SPELL.toMillis(), TimeUnit.MILLISECONDS); // returns at once if the app dies
            assertTrue(app.isAlive(), "the window exited: " + Files.readString(out));
            wakeUps = voluntarySwitches(app.pid(), fxThread) - before;
        }
        assertTrue(wakeUps < WAKE_UPS_OF_A_RUNNING_TIMER / 4,
                "the idle window's FX thread woke " + wakeUps + " times in " + QUIET_SPELL.toSeconds() + " s");

        // After that pause, a change made elsewhere reaches the screen.
        byte[] idle = screenshot();
        ProcessBuilder stop = new ProcessBuilder(java("-jar", jar(), "stop", "worker"))
                .redirectErrorStream(true).redirectOutput(home.resolve("stop.out").toFile());
        stop.environment().put("STACKYARD_HOME", home.toString());
        Process cli = stop.start();
        assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "stackyard stop did not return");
        assertEquals(0, cli.exitValue(), Files.readString(home.resolve("stop.out")));
        awaitTrue(() -> !Arrays.equals(idle, screenshot()), "the window repainting the stopped service", out, appLog);
    }

    private static List<String> java(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String jar() {
        return System.getProperty("stackyard.jar", "target/stackyard.jar");
    }

    /** The screen's pixels, through ImageMagick's import (installed by .ci/run). */
    private byte[] screenshot() throws IOException, InterruptedException {
        Path shot = home.resolve("shot.rgb");
        Process p = new ProcessBuilder("import", "-display", x.display(), "-window", "root", "rgb:" + shot)
                .redirectErrorStream(true).redirectOutput(home.resolve("import.out").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("import failed: " + Files.readString(home.resolve("import.out")));
        }
        return Files.readAllBytes(shot);
    }

    private OptionalLong readPid() {
        return PidFiles.read(home.resolve("run/processes/worker.pid"));
    }

    private static boolean logHas(Path log, String text) throws IOException {
        return Files.exists(log) && Files.readString(log).contains(text);
    }

    private static OptionalLong fxThread(long pid) throws IOException {
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).strip().startsWith("JavaFX Applicat")) {
                    return OptionalLong.of(Long.parseLong(task.getFileName().toString()));
                }
            }
        }
        return OptionalLong.empty();
    }

    /** How often the thread has gone to sleep waiting for something (a poll, a lock, a timer). */
    private static long voluntarySwitches(long pid, long tid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/task/" + tid + "/status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        throw new IllegalStateException("no voluntary_ctxt_switches for thread " + tid);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    /** Waits (on the app's exit or a 100 ms tick, up to 90 s) until {@code check} holds. */
    private void awaitTrue(Check check, String what, Path out, Path appLog) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            if (app.waitFor(100, TimeUnit.MILLISECONDS)) {
                fail("the window exited before " + what + ": " + Files.readString(out));
            }
        }
        fail("no " + what + " within 90 s: " + Files.readString(out)
                + (Files.exists(appLog) ? Files.readString(appLog) : ""));
    }
}
