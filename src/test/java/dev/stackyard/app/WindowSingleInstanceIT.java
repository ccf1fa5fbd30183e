package dev.stackyard.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A second launch of the packaged jar, while a window holds the home's lock, says so and exits 0. */
class WindowSingleInstanceIT {
    @TempDir
    Path home;

    @Test
    void secondLaunchSaysTheWindowIsAlreadyRunningAndExitsZero() throws Exception {
        Path lockFile = home.resolve("run/window.lock");
        InstanceLock held = InstanceLock.tryAcquire(lockFile).orElseThrow();
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                    System.getProperty("stackyard.jar", "target/stackyard.jar")));
            pb.environment().put("STACKYARD_HOME", home.toString());
            pb.environment().remove("DISPLAY"); // it must decide before touching any display
            Path out = Files.createTempFile(home, "out", ".txt");
            Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the second launch did not exit");
            }
            String printed = Files.readString(out);
            assertEquals(0, p.exitValue(), printed);
            assertTrue(printed.contains("Stackyard is already running for " + home), printed);
        } finally {
            held.close();
        }
    }
}
