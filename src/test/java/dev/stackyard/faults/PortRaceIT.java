package dev.stackyard.faults;

import dev.stackyard.cli.CliProcess;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A port taken between Stackyard's port check and the daemon's own bind: the start fails as the
 * daemon's failure, explained (the port and who holds it), not a stack trace nor a bare exit code.
 * The port is taken by a helper that listens the moment Stackyard writes the start line it writes
 * right before spawning; if the daemon still listens first, the round is repeated.
 */
class PortRaceIT {
    private static final int ATTEMPTS = 4;

    @TempDir
    Path home;
    private final List<Process> snipers = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        CliProcess.run(home, List.of(), "stop", "--all");
        for (Process p : snipers) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void redisThatLosesItsPortAfterTheCheckFailsNamingThePortAndItsHolder() throws Exception {
        Daemons.require(ServiceKind.named("redis"));
        raceAndStart("cache", "redis", "    password: true\n");
    }

    @Test
    void nginxThatLosesItsPortAfterTheCheckFailsNamingThePortAndItsHolder() throws Exception {
        Daemons.require(ServiceKind.named("nginx"));
        raceAndStart("web", "nginx", "");
    }

    @Test
    void postgresThatLosesItsPortAfterTheCheckFailsNamingThePortAndItsHolder() throws Exception {
        Daemons.require(ServiceKind.named("postgres"));
        raceAndStart("pg", "postgres", "");
    }

    private void raceAndStart(String id, String kind, String extra) throws Exception {
        int port = CliProcess.freePort();
        Files.writeString(home.resolve("stackyard.yaml"), "services:\n  - id: " + id + "\n    kind: " + kind
                + "\n    port: " + port + "\n" + extra);
        Path log = home.resolve("logs").resolve(id + ".log");
        List<String> tries = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Process sniper = new ProcessBuilder("python3", sniperScript(), Integer.toString(port), log.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            snipers.add(sniper);
            BufferedReader said = new BufferedReader(new InputStreamReader(sniper.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("bound", said.readLine());

            long before = Files.exists(log) ? Files.size(log) : 0;
            CliProcess.Run start = CliProcess.run(home, List.of(), "start", id);
            if (!Files.exists(log) || Files.size(log) == before) {
                sniper.destroyForcibly(); // nothing was spawned: the sniper would wait for ever
            }
            String outcome = said.readLine();
            tries.add(outcome + " -> exit " + start.code() + ": " + start.err().strip());
            if ("listening".equals(outcome)) {
                assertEquals(1, start.code(), tries.toString());
                String err = start.err();
                assertTrue(err.contains("port " + port + " is already in use"), err);
                assertTrue(err.contains("by PID " + sniper.pid()), "the holder is not named: " + err);
                assertFalse(err.contains("Exception") || err.contains("\tat "), err);
                return;
            }
            // The daemon listened first: this round was no race. Let go and try again.
            CliProcess.run(home, List.of(), "stop", id);
            sniper.destroyForcibly();
            sniper.waitFor(10, TimeUnit.SECONDS);
        }
        throw new AssertionError("the daemon listened first in every round: " + tries);
    }

    private static String sniperScript() throws URISyntaxException {
        return Path.of(PortRaceIT.class.getResource("/faults/port-sniper.py").toURI()).toString();
    }
}
