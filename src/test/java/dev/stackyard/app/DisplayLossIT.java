package dev.stackyard.app;

import dev.stackyard.core.process.ProcFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged window on a real X server (Xvfb, GTK glass) with services running: when the X
 * server dies, the app stops every service and exits, as Quit would, instead of dying and
 * leaving them unsupervised.
 */
class DisplayLossIT {
    @TempDir
    Path home;
    private Process app;
    private Xvfb x;

    @AfterEach
    void noLeftovers() throws Exception {
        if (app != null && app.isAlive()) {
            app.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (String id : List.of("one", "two")) {
            readPid(id).ifPresent(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
        if (x != null) {
            x.close();
        }
    }

    private OptionalLong readPid(String id) throws Exception {
        Path pidFile = home.resolve("run/processes/" + id + ".pid");
        if (!Files.exists(pidFile)) {
            return OptionalLong.empty();
        }
        String text = Files.readString(pidFile).strip();
        return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
    }

    @Test
    void losingTheXServerStopsEveryServiceAndExits() throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: one
                    kind: process
                    command: ["sleep", "1000"]
                    autostart: true
                  - id: two
                    kind: process
                    command: ["sleep", "1000"]
                    autostart: true
                """, StandardCharsets.UTF_8);
        x = Xvfb.start();
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-Dprism.order=sw", "-jar", System.getProperty("stackyard.jar", "target/stackyard.jar")));
        pb.environment().put("STACKYARD_HOME", home.toString());
        pb.environment().put("DISPLAY", x.display());
        pb.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        Path out = home.resolve("app.out");
        app = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();

        // Both autostarts are done when the process manager has written their PID files, and the
        // display watch is in place once the app says so in its log.
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<Long> pids = new ArrayList<>();
        Path appLog = home.resolve("logs/stackyard.log");
        while (System.nanoTime() < deadline && app.isAlive()) {
            pids.clear();
            for (String id : List.of("one", "two")) {
                readPid(id).ifPresent(pids::add);
            }
            boolean watching = Files.exists(appLog) && Files.readString(appLog).contains("watching the display");
            if (pids.size() == 2 && watching) {
                break;
            }
            app.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if the app dies
        }
        assertTrue(pids.size() == 2, "services never started: " + Files.readString(out));
        for (long pid : pids) {
            assertTrue(ProcFs.stat(pid).isPresent());
        }

        x.kill();
        assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the app did not exit when the display went: "
                + Files.readString(out));
        for (long pid : pids) {
            assertFalse(ProcFs.stat(pid).filter(s -> !s.isZombie()).isPresent(),
                    "service " + pid + " survived the display: " + Files.readString(out) + Files.readString(appLog));
        }
        assertTrue(Files.readString(appLog).contains("the connection to the display was lost"), Files.readString(appLog));
    }
}
