package dev.stackyard.app;

import dev.stackyard.core.process.ProcFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged window (on JavaFX's headless platform) autostarts a service, and SIGTERM to the
 * app stops it before the JVM exits.
 */
class WindowSignalIT {
    @TempDir
    Path home;
    private Process app;

    @AfterEach
    void noLeftovers() throws Exception {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        readPid().ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private OptionalLong readPid() throws Exception {
        Path pidFile = home.resolve("run/processes/worker.pid");
        if (!Files.exists(pidFile)) {
            return OptionalLong.empty();
        }
        String text = Files.readString(pidFile).strip();
        return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    }

    @Test
    void sigtermStopsTheRunningServicesBeforeTheAppExits() throws Exception {
        AutostartWorker.writeConfig(home);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Dglass.platform=headless", "-Dprism.order=sw", "-jar",
                System.getProperty("stackyard.jar", "target/stackyard.jar")));
        pb.environment().put("STACKYARD_HOME", home.toString());
        Path out = home.resolve("app.out");
        app = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();

        // The autostart is done when the process manager has written the worker's PID file.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        OptionalLong pid = OptionalLong.empty();
        while (pid.isEmpty() && System.nanoTime() < deadline && app.isAlive()) {
            pid = readPid();
            if (pid.isEmpty()) {
                app.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if the app dies
            }
        }
        assertTrue(pid.isPresent(), "worker never started: " + Files.readString(out));
        long worker = pid.getAsLong();
        assertTrue(ProcFs.stat(worker).isPresent());

        app.destroy(); // SIGTERM
        assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the app did not exit on SIGTERM");
        assertFalse(ProcFs.stat(worker).filter(s -> !s.isZombie()).isPresent(),
                "worker survived SIGTERM to the app: " + Files.readString(out));
        assertFalse(Files.exists(home.resolve("run/processes/worker.state")), "the worker's record was left");
    }
}
