package dev.stackyard.faults;

import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.supervise.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 §6: the event log is capped like a service's log even when no supervisor runs (a home
 * used only through CLI calls). Before the fix only the supervisor's periodic check rotated it, so
 * CLI calls grew it without end.
 */
class EventLogCapTest {
    @TempDir
    Path home;
    private AppDirs dirs;

    private String cli(String... args) {
        InProcessCli.Run run = InProcessCli.run(dirs, args);
        assertEquals(StackyardCli.OK, run.code(), String.join(" ", args) + ": " + run.out() + run.err());
        return run.out();
    }

    @AfterEach
    void stop() {
        if (dirs != null) {
            cli("stop", "--all");
        }
    }

    @Test
    void cliCallsRotateTheEventLogOnceItPassesItsCap() throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: worker
                    kind: process
                    command: ["sleep", "1000"]
                """, StandardCharsets.UTF_8);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        long cap = SupervisionPolicy.Logs.DEFAULT.maxSize();
        Path events = EventLog.file(dirs.logDir());
        SoakTest.fillBelow(events, cap - 10);

        cli("start", "worker");
        cli("stop", "worker");

        assertTrue(Files.exists(events.resolveSibling("events.log.1")), "events.log was rotated into events.log.1");
        assertTrue(Files.size(events) < cap / 2, "events.log is small again: " + Files.size(events) + " bytes");
        assertTrue(Files.readString(events).contains("\"to\":\"STOPPED\"")
                        || Files.readString(events.resolveSibling("events.log.1")).contains("\"to\":\"STOPPED\""),
                "no state change was lost");
        String shown = cli("events", "-n", "2");
        assertTrue(shown.contains("worker STOPPING -> STOPPED"), shown);
    }
}
