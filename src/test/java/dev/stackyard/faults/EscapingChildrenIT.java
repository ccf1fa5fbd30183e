package dev.stackyard.faults;

import dev.stackyard.cli.CliProcess;
import dev.stackyard.core.process.ProcFs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code process} service that double-forks a daemon into its own session, under {@code stackyard
 * run}: the escapee is re-parented to the supervisor (a child subreaper), a crash of the leader ends
 * it before the restart, a CLI stop ends the next one, and none is left as a zombie of the supervisor.
 */
class EscapingChildrenIT {
    @TempDir
    Path home;
    private SupervisorRun run;
    private final Escapees escapees = new Escapees();

    @AfterEach
    void tearDown() throws Exception {
        if (run != null) {
            run.stop();
        }
        CliProcess.run(home, List.of(), "stop", "--all");
        escapees.killAll();
    }

    @Test
    void anEscapedDaemonIsReparentedToTheSupervisorAndEndedByACrashRestartAndByAStop() throws Exception {
        Path escaped = home.resolve("escaped.pid");
        Path script = home.resolve("daemonizes.sh");
        Files.writeString(script, "rm -f " + escaped + "\n" + Escapees.doubleFork(escaped) + "\nexec sleep 1000\n");
        Files.writeString(home.resolve("stackyard.yaml"), "services:\n  - id: esc\n    kind: process\n"
                + "    command: [\"/bin/bash\", \"" + script + "\"]\n    autostart: true\n"
                + "    backoff: {initial: 500ms, max: 5s}\n");
        run = new SupervisorRun(home);
        long leader = SupervisorRun.pid(run.await("esc RUNNING"));
        long first = escapees.track(escaped);
        assertEquals(run.pid(), ProcFs.stat(first).orElseThrow().ppid(),
                "the escapee was not re-parented to the supervisor (child subreaper)");

        Files.delete(escaped);
        ProcessHandle.of(leader).orElseThrow().destroyForcibly(); // the leader crashes; its escapee lives on
        run.await("esc BACKOFF");
        run.await("esc RUNNING");
        assertTrue(Escapees.gone(first), "the crashed leader's escapee still runs after the restart: " + ProcFs.stat(first));
        escapees.awaitReaped(first);

        long second = escapees.track(escaped);
        CliProcess.Run stop = CliProcess.run(home, List.of(), "stop", "esc");
        assertEquals(0, stop.code(), stop.err());
        assertTrue(Escapees.gone(second), "a CLI stop left the escapee running: " + ProcFs.stat(second));
        run.await("esc STOPPED");
        escapees.awaitReaped(second);
    }
}
