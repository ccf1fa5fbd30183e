package dev.stackyard.cli;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.service.probe.PortCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end: every call is a separate JVM running target/stackyard.jar. */
class CliIT {
    @TempDir
    Path home;

    record Run(int code, String out, String err) {
    }

    static Run stackyard(Path home, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                System.getProperty("stackyard.jar", "target/stackyard.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("STACKYARD_HOME", home.toString());
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("stackyard " + String.join(" ", args) + " did not finish");
        }
        Run run = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    /**
     * As root, a home another account owns is refused before anything is written into it: before
     * the fix the app's own log folder was created there (following whatever link stood in its place).
     */
    @Test
    void asRootAHomeAnotherAccountOwnsIsRefusedBeforeAnythingIsWritten() throws Exception {
        dev.stackyard.testing.AsRoot.require("a home owned by another account");
        Path theirs = Files.createDirectory(home.resolve("theirs"));
        Files.setAttribute(theirs, "unix:uid", 64_995);
        Run r = stackyard(theirs, "status");
        assertEquals(1, r.code());
        assertTrue(r.err().contains(theirs + " owned by uid 64995 (chown root:root " + theirs + ")"), r.err());
        try (var left = Files.list(theirs)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (Files.exists(home.resolve("stackyard.yaml"))) {
            stackyard(home, "stop", "--all");
        }
    }

    private void config(String yaml) throws IOException {
        Files.writeString(home.resolve("stackyard.yaml"), yaml, StandardCharsets.UTF_8);
    }

    private JsonNode status() throws Exception {
        Run r = stackyard(home, "status", "--json");
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    private static JsonNode find(JsonNode array, String id) {
        for (JsonNode n : array) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }

    @Test
    void startStatusKillAndStopAcrossSeparateInvocations() throws Exception {
        Daemons.require(ServiceKind.named("redis"));
        int port = PortCheck.findFree(21000);
        config("services:\n  - id: cache\n    kind: redis\n    port: " + port + "\n"
                + "  - id: worker\n    kind: process\n    command: [\"sleep\", \"1000\"]\n");

        Run start = stackyard(home, "start", "cache", "worker");
        assertEquals(0, start.code(), start.err());
        assertTrue(start.out().contains("cache: running"), start.out());

        JsonNode cache = find(status(), "cache");
        assertEquals("RUNNING", cache.get("state").asText());
        assertEquals("redis", cache.get("kind").asText());
        assertEquals(port, cache.get("port").asInt());
        assertEquals("redis://127.0.0.1:" + port, cache.get("url").asText());
        assertTrue(cache.get("lastError").isNull());
        long pid = cache.get("pid").asLong();
        assertTrue(ProcFs.stat(pid).isPresent());
        assertEquals(pid, Long.parseLong(Files.readString(Path.of(cache.get("pidFile").asText())).strip()));

        Run again = stackyard(home, "start", "cache");
        assertEquals(0, again.code());
        assertEquals(pid, find(status(), "cache").get("pid").asLong(), "starting a running service spawned another");

        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        JsonNode killed = find(status(), "cache");
        assertFalse(killed.get("state").asText().equals("RUNNING"), killed.toString());
        assertTrue(killed.get("pid").isNull());
        assertFalse(Files.exists(Path.of(killed.get("pidFile").asText())), "stale pid file not cleaned");
        assertTrue(killed.get("lastError").asText().contains("no longer running"), killed.toString());

        long worker = find(status(), "worker").get("pid").asLong();
        Run stop = stackyard(home, "stop", "--all");
        assertEquals(0, stop.code(), stop.err());
        assertTrue(ProcFs.stat(worker).filter(s -> !s.isZombie()).isEmpty(), "worker still running");
        JsonNode after = status();
        for (JsonNode n : after) {
            assertEquals("STOPPED", n.get("state").asText(), n.toString());
            assertTrue(n.get("pidFile").asText().endsWith(".pid"), "pidFile path is given while stopped");
        }
    }

    @Test
    void aDefinitionEditedWhileItRunsIsPendingRestartInStatusJson() throws Exception {
        config("services:\n  - id: worker\n    kind: process\n    command: [\"sleep\", \"1000\"]\n");
        assertEquals(0, stackyard(home, "start", "worker").code());
        JsonNode before = find(status(), "worker");
        assertFalse(before.get("pendingRestart").asBoolean(), before.toString());
        long pid = before.get("pid").asLong();

        config("services:\n  - id: worker\n    kind: process\n    command: [\"sleep\", \"2000\"]\n");
        JsonNode edited = find(status(), "worker");
        assertEquals("RUNNING", edited.get("state").asText(), "never restarted by a config change");
        assertEquals(pid, edited.get("pid").asLong());
        assertTrue(edited.get("pendingRestart").asBoolean(), edited.toString());
        assertTrue(stackyard(home, "status").out().contains("restart to apply"));

        assertEquals(0, stackyard(home, "restart", "worker").code());
        JsonNode restarted = find(status(), "worker");
        assertFalse(restarted.get("pendingRestart").asBoolean(), restarted.toString());
        assertTrue(Files.readString(Path.of("/proc/" + restarted.get("pid").asLong() + "/cmdline")).contains("2000"));
    }

    @Test
    void portTakenExitsWithOneNamingThePortAndLeavesNothingRunning() throws Exception {
        Daemons.require(ServiceKind.named("redis"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            config("services:\n  - id: cache\n    kind: redis\n    port: " + port + "\n");
            Run r = stackyard(home, "start", "cache");
            assertEquals(1, r.code());
            assertTrue(r.err().lines().findFirst().orElse("").contains("port " + port), r.err());
            assertEquals("FAILED", find(status(), "cache").get("state").asText());
            assertTrue(find(status(), "cache").get("pid").isNull());
        }
    }

    @Test
    void invalidConfigExitsWithTwoNamingTheProblemAndLeavesTheFileAlone() throws Exception {
        String yaml = "# mine\nservices:\n  - id: a\n    kind: redis\n    port: 70000\n  - id: b\n    kind: sparkle\n";
        config(yaml);
        Run r = stackyard(home, "status");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("services[0].port"), r.err());
        assertTrue(r.err().contains("services[1].kind"), r.err());
        assertEquals(yaml, Files.readString(home.resolve("stackyard.yaml")));
    }

    @Test
    void unknownServiceIsAUsageError() throws Exception {
        config("services:\n  - id: cache\n    kind: redis\n    port: 6399\n");
        Run r = stackyard(home, "start", "nope");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no service 'nope'"), r.err());
    }

    @Test
    void addAndRemoveEditTheConfigKeepingTheUsersComments() throws Exception {
        String yaml = "# my stack\nservices:\n  - id: cache   # the cache\n    kind: redis\n    port: 6399\n";
        config(yaml);
        Run add = stackyard(home, "add", "postgres", "pg2", "--port", "5544");
        assertEquals(0, add.code(), add.err());
        String edited = Files.readString(home.resolve("stackyard.yaml"));
        assertTrue(edited.startsWith(yaml), edited);
        assertTrue(edited.contains("pg2"));
        assertEquals(yaml, Files.readString(home.resolve("stackyard.yaml.bak")));

        Run dup = stackyard(home, "add", "postgres", "pg3", "--port", "5544");
        assertEquals(2, dup.code());
        assertTrue(dup.err().contains("5544") && dup.err().contains("pg2"), dup.err());

        Run remove = stackyard(home, "remove", "pg2");
        assertEquals(0, remove.code(), remove.err());
        assertEquals(yaml, Files.readString(home.resolve("stackyard.yaml")));
    }

    @Test
    void defaultConfigIsWrittenOnFirstRunAndListsTheFourKinds() throws Exception {
        JsonNode all = status();
        assertTrue(Files.exists(home.resolve("stackyard.yaml")));
        List<String> kinds = new ArrayList<>();
        all.forEach(n -> kinds.add(n.get("kind").asText()));
        assertEquals(List.of("nginx", "php-fpm", "redis", "postgres"), kinds);
    }
}
