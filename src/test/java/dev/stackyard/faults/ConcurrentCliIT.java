package dev.stackyard.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.cli.CliProcess;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sixteen CLI processes at once, beside a running {@code stackyard run} supervisor, starting,
 * stopping and restarting the same and different services (a postgres, a redis, two {@code
 * process} services), in seeded rounds. Afterwards every call either succeeded or said why not
 * (exit 1 with a reason, never 2, never a stack trace), each running service has exactly one daemon
 * in {@code /proc} and each stopped one none, and {@code status --json} says the same.
 *
 * <p>Two rounds of 16 real JVMs (about a minute on two shared cores), not the full minute
 * of calls: every round already puts 16 calls on the same four per-service locks at once, which is
 * where a race would show; a longer run belongs in the benchmark.
 */
class ConcurrentCliIT {
    private static final long SEED = Long.getLong("stackyard.raceSeed", 19L);
    private static final int CALLS = 16;
    private static final int ROUNDS = 2;
    private static final List<String> IDS = List.of("pg", "cache", "a", "b");
    private static final List<String> ACTIONS = List.of("start", "stop", "restart");

    @TempDir
    Path home;
    private SupervisorRun run;

    @AfterEach
    void tearDown() throws Exception {
        if (run != null) {
            run.stop();
        }
        CliProcess.run(home, List.of(), "stop", "--all");
    }

    @Test
    void sixteenCliCallsAtOnceLeaveExactlyOneDaemonPerRunningServiceAndStatusAgreesWithProc() throws Exception {
        Daemons.require(ServiceKind.named("postgres"));
        Daemons.require(ServiceKind.named("redis"));
        Files.writeString(home.resolve("stackyard.yaml"), "services:\n"
                + "  - id: pg\n    kind: postgres\n    port: " + CliProcess.freePort() + "\n"
                + "  - id: cache\n    kind: redis\n    port: " + CliProcess.freePort() + "\n    password: true\n"
                + "  - id: a\n    kind: process\n    command: [\"sleep\", \"1000\"]\n"
                + "  - id: b\n    kind: process\n    command: [\"/bin/bash\", \"-c\", \"sleep 1000 & wait\"]\n");
        run = new SupervisorRun(home);
        run.await("supervising");
        // Each service starts once before the race (postgres's ten-second initdb under 16 JVMs is not
        // the race), so each one's daemon is known by its executable and working folder.
        CliProcess.Run first = CliProcess.run(home, List.of(), "start", "--all");
        assertEquals(0, first.code(), first.err());
        Map<String, Daemon> daemons = new TreeMap<>();
        status().forEach((id, s) -> daemons.put(id, Daemon.of(s.get("pid").asLong())));

        Random random = new Random(SEED);
        List<String> calls = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CALLS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < CALLS; i++) {
                    String action = ACTIONS.get(random.nextInt(ACTIONS.size()));
                    String id = IDS.get(random.nextInt(IDS.size()));
                    results.add(pool.submit(() -> call(action, id)));
                }
                for (Future<String> f : results) {
                    calls.add(f.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        String log = "seed " + SEED + ", calls:\n" + String.join("\n", calls);
        for (String c : calls) {
            assertTrue(c.startsWith("0 ") || c.startsWith("1 "), "a call neither succeeded nor said why not: " + log);
            assertTrue(!c.contains("Exception") && !c.contains("\tat "), "a stack trace: " + log);
        }

        Map<String, JsonNode> status = status();
        for (String id : IDS) {
            JsonNode s = status.get(id);
            String state = s.get("state").asText();
            List<Long> running = daemons.get(id).inProc();
            if (state.equals("RUNNING")) {
                assertEquals(List.of(s.get("pid").asLong()), running, id + " RUNNING, but /proc has " + running + "; " + log);
            } else {
                assertEquals("STOPPED", state, id + ": " + s + "; " + log);
                assertEquals(List.of(), running, id + " STOPPED, but /proc has " + running + "; " + log);
            }
        }
        String pgLog = Files.readString(home.resolve("logs/pg.log"));
        assertFalse(pgLog.contains("PANIC"), "postgres panicked during the race: " + pgLog.lines()
                .filter(l -> l.contains("PANIC")).toList() + "; " + log);
    }

    /**
     * A service's daemon as /proc knows it: executable and working folder (postgres's and redis's is
     * the data folder, a process's its run folder). The start mark is not used here: redis and
     * postgres write their process title over their environment, so /proc cannot show it.
     */
    private record Daemon(String exe, Path cwd) {
        static Daemon of(long pid) {
            return new Daemon(ProcFs.exe(pid).orElseThrow(), ProcFs.cwd(pid).orElseThrow());
        }

        boolean is(long pid) {
            return exe.equals(ProcFs.exe(pid).orElse(null)) && cwd.equals(ProcFs.cwd(pid).orElse(null));
        }

        /** The live processes that are this daemon and whose parent is not (workers are not counted). */
        List<Long> inProc() {
            List<Long> out = new ArrayList<>();
            for (ProcFs.Stat s : ProcFs.all()) {
                if (!s.isZombie() && is(s.pid()) && !is(s.ppid())) {
                    out.add(s.pid());
                }
            }
            return out;
        }
    }

    /** One CLI call: "CODE ACTION ID: stderr". Exit 1 must come with a reason on stderr. */
    private String call(String action, String id) throws IOException, InterruptedException {
        CliProcess.Run r = CliProcess.run(home, List.of(), action, id);
        String err = r.err().strip();
        if (r.code() == 1 && err.isEmpty()) {
            return "1 " + action + " " + id + ": (exit 1 with nothing on stderr: no reason given) " + r.out();
        }
        return r.code() + " " + action + " " + id + ": " + err;
    }

    private Map<String, JsonNode> status() throws Exception {
        CliProcess.Run r = CliProcess.run(home, List.of(), "status", "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode n : new ObjectMapper().readTree(r.out())) {
            out.put(n.get("id").asText(), n);
        }
        return out;
    }
}
