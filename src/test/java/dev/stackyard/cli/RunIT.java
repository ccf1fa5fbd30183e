package dev.stackyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.core.process.ProcFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code stackyard run} as a separate JVM, with CLI calls beside it; gated on the lines it prints. */
class RunIT {
    private static final Pattern PID = Pattern.compile(" PID (\\d+)");

    @TempDir
    Path home;
    private Process run;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    /** Every line printed so far; the first {@code consumed} were awaited, the rest are still to be matched. */
    private final List<String> seen = new ArrayList<>();
    private int consumed;

    @AfterEach
    void tearDown() throws Exception {
        if (run != null && run.isAlive()) {
            run.destroy(); // SIGTERM: it stops its services
            if (!run.waitFor(60, TimeUnit.SECONDS)) {
                run.destroyForcibly();
            }
        }
        if (Files.exists(home.resolve("stackyard.yaml"))) {
            CliIT.stackyard(home, "stop", "--all");
        }
    }

    private void config(String yaml) throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), yaml, StandardCharsets.UTF_8);
    }

    private Process startRun(BlockingQueue<String> sink, String... ids) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                System.getProperty("stackyard.jar", "target/stackyard.jar"), "run"));
        cmd.addAll(List.of(ids));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("STACKYARD_HOME", home.toString());
        Process p = pb.start();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        return p;
    }

    /** The first line containing {@code text} printed since the last line that was awaited. */
    private String await(String text) throws InterruptedException {
        for (int i = consumed; i < seen.size(); i++) {
            if (seen.get(i).contains(text)) {
                String hit = seen.get(i);
                seen.remove(i);
                seen.add(consumed++, hit);
                return hit;
            }
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            String line = lines.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line != null) {
                seen.add(line);
                if (line.contains(text)) {
                    seen.remove(seen.size() - 1);
                    seen.add(consumed++, line);
                    return line;
                }
            }
        }
        throw new AssertionError("`stackyard run` never printed '" + text + "'; printed: " + seen);
    }

    private static long pid(String line) {
        Matcher m = PID.matcher(line);
        assertTrue(m.find(), line);
        return Long.parseLong(m.group(1));
    }

    private JsonNode status(String id) throws Exception {
        CliIT.Run r = CliIT.stackyard(home, "status", "--json");
        assertEquals(0, r.code(), r.err());
        for (JsonNode n : new ObjectMapper().readTree(r.out())) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no " + id + " in " + r.out());
    }

    @Test
    void killedServiceComesBackWithANewPidAndCtrlCStopsEverythingWithExitZero() throws Exception {
        config("services:\n  - id: worker\n    kind: process\n    command: [\"sleep\", \"1000\"]\n    autostart: true\n"
                + "    backoff: {initial: 500ms, max: 5s}\n");
        run = startRun(lines);
        long pid = pid(await("worker RUNNING"));
        JsonNode before = status("worker");
        assertTrue(before.get("supervised").asBoolean(), before.toString());
        assertEquals(0, before.get("restarts").asInt());
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        String backoff = await("worker BACKOFF");
        assertTrue(backoff.contains("killed by KILL, restart in 0.5 s (1/5)"), backoff);
        long again = pid(await("worker RUNNING"));
        assertNotEquals(pid, again);
        JsonNode after = status("worker");
        assertEquals(1, after.get("restarts").asInt(), after.toString());
        assertEquals(again, after.get("pid").asLong());
        assertTrue(after.get("nextRestartAt").isNull());

        CliIT.Run events = CliIT.stackyard(home, "events");
        assertEquals(0, events.code(), events.err());
        assertTrue(events.out().contains("worker RUNNING -> FAILED signal 9"), events.out());
        assertTrue(events.out().contains("worker FAILED -> BACKOFF"), events.out());

        run.destroy(); // SIGTERM
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, run.exitValue(), seen.toString());
        assertTrue(ProcFs.stat(again).filter(s -> !s.isZombie()).isEmpty(), "worker left running");
        assertFalse(status("worker").get("supervised").asBoolean());
    }

    @Test
    void cliStopUnderTheSupervisorIsNeverRestartedNorIsAStopDuringBackoff() throws Exception {
        config("services:\n  - id: a\n    kind: process\n    command: [\"sleep\", \"1000\"]\n    autostart: true\n"
                + "    restart: always\n"
                + "  - id: b\n    kind: process\n    command: [\"sleep\", \"1000\"]\n    autostart: true\n"
                + "    backoff: {initial: 8s}\n");
        run = startRun(lines);
        await("a RUNNING");
        long b = pid(await("b RUNNING"));

        CliIT.Run stop = CliIT.stackyard(home, "stop", "a");
        assertEquals(0, stop.code(), stop.err());
        await("a STOPPED");

        new ProcessBuilder("kill", "-9", Long.toString(b)).start().waitFor();
        await("b BACKOFF");
        JsonNode waiting = status("b");
        assertEquals("BACKOFF", waiting.get("state").asText(), waiting.toString());
        java.time.Instant due = java.time.Instant.parse(waiting.get("nextRestartAt").asText());
        CliIT.Run stopB = CliIT.stackyard(home, "stop", "b");
        assertEquals(0, stopB.code(), stopB.err());
        await("b STOPPED");
        // Past the moment b's cancelled restart was due: neither came back.
        long quiet = Math.max(0, java.time.Duration.between(java.time.Instant.now(), due).toMillis()) + 1500;
        String line;
        while ((line = lines.poll(quiet, TimeUnit.MILLISECONDS)) != null) {
            seen.add(line);
            assertFalse(line.contains("STARTING") || line.contains("RUNNING"), "restarted after a user stop: " + seen);
        }
        assertNull(lines.poll());
        assertEquals("STOPPED", status("a").get("state").asText());
        assertEquals("STOPPED", status("b").get("state").asText());
    }

    @Test
    void refusesToRunBesideAnotherSupervisorOfTheSameHome() throws Exception {
        config("services:\n  - id: w\n    kind: process\n    command: [\"sleep\", \"1000\"]\n");
        run = startRun(lines);
        await("supervising w");
        CliIT.Run second = CliIT.stackyard(home, "run");
        assertEquals(1, second.code(), second.out());
        assertTrue(second.err().contains("already supervises this home"), second.err());
    }
}
