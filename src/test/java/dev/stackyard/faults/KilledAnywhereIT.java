package dev.stackyard.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.cli.CliProcess;
import dev.stackyard.core.bundle.FixtureRepository;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import dev.stackyard.testing.Passable;
import dev.stackyard.testing.TestPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 §1: Stackyard SIGKILLed at random points (seeded: the seed is printed, and
 * {@code -Dstackyard.faults.seed=N} replays a run; {@code -Dstackyard.faults.kills=N} makes the CLI
 * round longer) of start, stop, restart, add, remove, site link, install, {@code run}, and a
 * postgres initdb / mariadb-install-db. After each kill the next call finds a consistent world:
 * it is not blocked by a lock of the dead call, every service it says runs has exactly one process
 * and every other none, {@code stackyard.yaml} is the old or the new file, no half-installed bundle
 * is listed, and a half-made data folder is reported, kept and never started.
 */
class KilledAnywhereIT {
    static final long SEED = Long.getLong("stackyard.faults.seed", System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        System.out.println("KilledAnywhereIT seed " + SEED + " (replay with -Dstackyard.faults.seed=" + SEED + ")");
    }

    @TempDir
    Path home;
    @TempDir
    Path scratch;
    private final Random random = new Random(SEED);
    /** Unique to this test: the worker's processes are found in /proc by it. */
    private final String workerMark = String.valueOf(800_000 + ThreadLocalRandom.current().nextInt(99_999));
    private List<String> env = List.of();
    private final List<Long> strays = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        if (Files.exists(home.resolve("stackyard.yaml"))) {
            CliProcess.run(home, env, "stop", "--all");
        }
        for (long pid : strays) { // what a killed call left running that no call knows of: by PID
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private CliProcess.Run call(String... args) throws Exception {
        return CliProcess.run(home, env, args);
    }

    /**
     * Starts {@code stackyard args} and SIGKILLs it {@code delayMs} after it began its work (opened a
     * file of the home: the JVM's own start, the same for every call, is no interesting point);
     * true when it was still running then.
     */
    private boolean killAfter(long delayMs, String... args) throws Exception {
        Process p = CliProcess.start(home, env, args);
        boolean ended = !ProcessCount.awaitWorkIn(p, home)
                || p.waitFor(delayMs, TimeUnit.MILLISECONDS); // the random point; an earlier end is no kill
        if (!ended) {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the killed call is gone");
        return !ended;
    }

    // ------------------------------------------------------------------------------- CLI calls

    @Test
    void cliCallsKilledAtRandomPointsLeaveAConsistentWorld() throws Exception {
        Daemons.require(ServiceKind.named("redis"));
        FixtureRepository.assumeAmd64();
        FixtureRepository repo = FixtureRepository.in(scratch.resolve("repo")).postgres(FixtureRepository.PG17);
        env = List.of("STACKYARD_MAVEN_REPO=" + repo.url());
        int cachePort = TestPorts.free();
        int extraPort = TestPorts.freeAfter(cachePort);
        Path project = Files.createDirectories(Passable.upTo(scratch).resolve("code/shop"));
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: worker
                    kind: process
                    command: ["sleep", "%s"]
                  - id: cache
                    kind: redis
                    port: %d
                  - id: web
                    kind: nginx
                    port: %d
                """.formatted(workerMark, cachePort, TestPorts.freeAfter(extraPort)), StandardCharsets.UTF_8);

        List<String[]> ops = List.of(
                new String[] {"start", "worker", "cache"},
                new String[] {"stop", "worker", "cache"},
                new String[] {"restart", "worker"},
                new String[] {"add", "redis", "extra", "--port", String.valueOf(extraPort)},
                new String[] {"remove", "extra"},
                new String[] {"site", "link", project.toString(), "--name", "shop"},
                new String[] {"site", "unlink", "shop"},
                new String[] {"install", "postgres", "17"},
                new String[] {"uninstall", "postgres", FixtureRepository.PG17});
        int kills = Integer.getInteger("stackyard.faults.kills", 12);
        int killed = 0;
        for (int round = 0; round < kills; round++) {
            String[] op = ops.get(random.nextInt(ops.size()));
            long delay = random.nextInt(1500);
            String before = Files.readString(home.resolve("stackyard.yaml"));
            boolean wasKilled = killAfter(delay, op);
            killed += wasKilled ? 1 : 0;
            System.out.printf("round %d: %s killed after %d ms: %s%n", round, String.join(" ", op), delay,
                    wasKilled ? "killed" : "had ended");
            String what = "after `" + String.join(" ", op) + "` killed at " + delay + " ms (seed " + SEED + ")";
            JsonNode status = consistent(what, before);
            assertEquals(ProcessCount.ofWorker(workerMark), running(status, "worker") ? 1 : 0,
                    "worker processes " + what + ": " + status);
            assertEquals(ProcessCount.ofRedis(cachePort), running(status, "cache") ? 1 : 0,
                    "cache processes " + what + ": " + status);
        }
        System.out.println(killed + " of " + kills + " calls were killed while running");
        // Whatever the kills left, the next calls work and adopt what runs, never doubling it.
        CliProcess.Run start = call("start", "worker", "cache");
        assertEquals(0, start.code(), start.err());
        assertEquals(1, ProcessCount.ofWorker(workerMark), "one worker after a start");
        assertEquals(1, ProcessCount.ofRedis(cachePort), "one redis after a start");
        CliProcess.Run stop = call("stop", "--all");
        assertEquals(0, stop.code(), stop.err());
        assertEquals(0, ProcessCount.ofWorker(workerMark));
        assertEquals(0, ProcessCount.ofRedis(cachePort));
    }

    private static boolean running(JsonNode status, String id) {
        String state = CliProcess.find(status, id).get("state").asText();
        return state.equals("RUNNING");
    }

    /**
     * The checks every kill is followed by: the next call is not blocked and the config is valid
     * (status answers 0 within its time), the config is the old text or an edit whose .bak is the
     * old text, and every bundle folder is a whole install.
     */
    private JsonNode consistent(String what, String before) throws Exception {
        CliProcess.Run status = call("status", "--json");
        assertEquals(0, status.code(), "status " + what + ": " + status.err());
        assertTrue(status.err().isBlank() || !status.err().contains("Exception"), status.err());
        String now = Files.readString(home.resolve("stackyard.yaml"));
        Path bak = home.resolve("stackyard.yaml.bak");
        assertTrue(now.equals(before) || (Files.exists(bak) && Files.readString(bak).equals(before)),
                "stackyard.yaml " + what + " is neither the old file nor an edit of it:\n" + now);
        Path bundles = home.resolve("data/bundles/postgres");
        if (Files.isDirectory(bundles)) {
            try (Stream<Path> versions = Files.list(bundles)) {
                for (Path v : versions.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                    assertTrue(Files.isExecutable(v.resolve("bin/postgres")) && Files.isExecutable(v.resolve("bin/initdb")),
                            v + " is a half-installed bundle " + what);
                }
            }
        }
        return JSON.readTree(status.out());
    }

    // ------------------------------------------------------------------------------- stackyard run

    @Test
    void runKilledAtRandomPointsLeavesNoDuplicateAndNoStaleLock() throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: worker
                    kind: process
                    command: ["sleep", "%s"]
                    autostart: true
                """.formatted(workerMark), StandardCharsets.UTF_8);
        for (int round = 0; round < 4; round++) {
            long delay = random.nextInt(1500);
            boolean wasKilled = killAfter(delay, "run");
            System.out.printf("run killed after %d ms: %s%n", delay, wasKilled ? "killed" : "had ended");
            JsonNode status = JSON.readTree(call("status", "--json").out());
            JsonNode worker = CliProcess.find(status, "worker");
            assertFalse(worker.get("supervised").asBoolean(), "the dead run's home lock died with it: " + status);
            assertEquals(running(status, "worker") ? 1 : 0, ProcessCount.ofWorker(workerMark),
                    "worker processes after run was killed at " + delay + " ms (seed " + SEED + "): " + status);
        }
        CliProcess.Run start = call("start", "worker");
        assertEquals(0, start.code(), start.err());
        assertEquals(1, ProcessCount.ofWorker(workerMark), "the worker is adopted, never doubled");
    }

    // ------------------------------------------------------------------------------- first-time setup

    @Test
    void initdbKilledWithStackyardLeavesAFolderThatIsReportedKeptAndNeverStarted() throws Exception {
        Daemons.sibling(ServiceKind.named("postgres"), "initdb");
        setupKilled("postgres", "pg", "initdb", "data/postgres/pg", true);
    }

    @Test
    void initdbThatOutlivesItsKilledStackyardIsStillNotTrusted() throws Exception {
        Daemons.sibling(ServiceKind.named("postgres"), "initdb");
        setupKilled("postgres", "pg", "initdb", "data/postgres/pg", false);
    }

    @Test
    void mariadbInstallDbKilledWithStackyardLeavesAFolderThatIsReportedKeptAndNeverStarted() throws Exception {
        Daemons.require(ServiceKind.named("mariadb"));
        setupKilled("mariadb", "db", "mariadb-install-db", "data/mariadb/db", true);
    }

    /**
     * {@code start ID} of a new instance, SIGKILLed at a random point while its first-time setup
     * ({@code tool}) runs; with {@code alsoTheTool} the tool too (a closed terminal, a logout), else
     * the tool finishes on its own. The folder is reported, kept, and never started; removing the
     * service with {@code --delete-data} clears it, and a new start sets it up afresh.
     */
    private void setupKilled(String kind, String id, String tool, String dataDir, boolean alsoTheTool) throws Exception {
        int port = TestPorts.free();
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: %s
                    kind: %s
                    port: %d
                """.formatted(id, kind, port), StandardCharsets.UTF_8);
        Path data = home.resolve(dataDir);
        Process start = CliProcess.start(home, env, "start", id);
        long toolPid;
        try {
            toolPid = ProcessCount.awaitProcess(tool, data.toString(), start);
            long delay = random.nextInt(400);
            assertFalse(start.waitFor(delay, TimeUnit.MILLISECONDS), "start " + id + " ended while " + tool + " ran");
        } finally {
            start.destroyForcibly();
            assertTrue(start.waitFor(30, TimeUnit.SECONDS));
        }
        Optional<ProcessHandle> left = ProcessHandle.of(toolPid);
        if (alsoTheTool) {
            ProcessCount.killTree(toolPid);
        } else {
            strays.add(toolPid); // stopped in @AfterEach if it hangs
            left.ifPresent(h -> h.onExit().orTimeout(3, TimeUnit.MINUTES).join()); // it ends on its own
        }
        assertTrue(ProcessCount.awaitNoneIn(data.toString()), "nothing runs on " + data + " any more");
        if (!Files.exists(data) || isEmpty(data)) {
            // Killed before the tool wrote anything: an empty folder is set up afresh by the next start.
            System.out.println(tool + " was killed before it wrote into " + data);
            CliProcess.Run fresh = call("start", id);
            assertEquals(0, fresh.code(), fresh.err());
            assertEquals(1, ProcessCount.count(p -> p.cmdline().contains(data.toString()) && !p.cmdline().contains(tool)),
                    "one server on " + data);
            return;
        }

        CliProcess.Run again = call("start", id);
        assertEquals(1, again.code(), again.out() + again.err());
        assertTrue(again.err().contains(data + " is a half-made"), again.err());
        assertTrue(again.err().contains("stackyard remove " + id + " --delete-data"), again.err());
        assertFalse(again.err().contains("Exception"), again.err());
        assertTrue(Files.isDirectory(data) && !isEmpty(data), data + " was kept, not deleted by the refused start");
        assertEquals(0, ProcessCount.countIn(data.toString()), "no server runs on the half-made " + data);

        CliProcess.Run remove = call("remove", id, "--delete-data");
        assertEquals(0, remove.code(), remove.err());
        assertFalse(Files.exists(data), data + " is gone once asked for");
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }
}
