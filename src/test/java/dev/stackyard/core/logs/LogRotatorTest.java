package dev.stackyard.core.logs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rotation of a file that a real child process appends to (O_APPEND, as the process core opens logs). */
class LogRotatorTest {
    private static final int LINES = 200_000;

    @TempDir
    Path dir;

    @Test
    void rotatingWhileADaemonWritesKeepsEveryLineExactlyOnce() throws Exception {
        Path log = dir.resolve("svc.log");
        Path done = dir.resolve("done");
        // A writer of numbered lines, its stdout the log file opened for append, like a daemon's.
        Process writer = new ProcessBuilder("sh", "-c", "i=1; while [ $i -le " + LINES + " ]; do echo \"line $i\"; i=$((i+1)); done; touch " + done)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        LogFollower follower = new LogFollower(log, 0);
        StringBuilder followed = new StringBuilder();
        int rotations = 0;
        try {
            while (!Files.exists(done)) {
                if (LogRotator.rotateIfLarger(log, 64 * 1024, 1000) > 0) {
                    rotations++;
                }
                follower.poll(followed::append);
            }
            assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
        } finally {
            writer.destroyForcibly();
        }
        follower.poll(followed::append);
        assertTrue(rotations >= 3, "rotated " + rotations + " times while the writer wrote");
        // Oldest first: svc.log.N ... svc.log.1, then the live file.
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int n = rotations; n >= 1; n--) {
            Path f = LogRotator.rotated(log, n);
            if (Files.exists(f)) {
                all.write(Files.readAllBytes(f));
            }
        }
        all.write(Files.readAllBytes(log));
        assertEveryLineOnce(all.toString(StandardCharsets.UTF_8));
        assertEveryLineOnce(followed.toString()); // `logs -f` saw each line once across every rotation
    }

    private static void assertEveryLineOnce(String text) {
        List<String> lines = text.lines().toList();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < Math.max(lines.size(), LINES); i++) {
            String expected = "line " + (i + 1);
            String got = i < lines.size() ? lines.get(i) : "(missing)";
            if (!expected.equals(got) && wrong.size() < 5) {
                wrong.add(i + ": expected '" + expected + "' got '" + got + "'");
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(LINES, lines.size());
    }

    @Test
    void keepsOnlyKeepOldFiles() throws Exception {
        Path log = dir.resolve("svc.log");
        for (int round = 1; round <= 5; round++) {
            Files.writeString(log, ("round " + round + "\n").repeat(2000), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            LogRotator.rotate(log, 2);
        }
        assertTrue(Files.exists(LogRotator.rotated(log, 1)));
        assertTrue(Files.exists(LogRotator.rotated(log, 2)));
        assertTrue(Files.notExists(LogRotator.rotated(log, 3)));
        assertTrue(Files.readString(LogRotator.rotated(log, 1)).contains("round 5"));
    }

    @Test
    void smallFileIsNotRotated() throws Exception {
        Path log = dir.resolve("svc.log");
        Files.writeString(log, "hello\n");
        assertEquals(0, LogRotator.rotateIfLarger(log, 1024, 3));
        assertTrue(Files.notExists(LogRotator.rotated(log, 1)));
    }

    @Test
    void followerContinuesAtTheSameByteAfterARotation() {
        assertEquals(100, LogFollower.continueAt(8292, 5000, 8192));
        assertEquals(0, LogFollower.continueAt(8192, 5000, 8192));
        assertEquals(0, LogFollower.continueAt(300, 0, 0)); // plain truncation: from the start
    }
}
