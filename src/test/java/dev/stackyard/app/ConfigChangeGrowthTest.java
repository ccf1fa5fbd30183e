package dev.stackyard.app;

import dev.stackyard.usecase.StackyardSession;
import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.usecase.StackControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8: with ten services running, fifty config changes in a row (a postgres instance added and
 * removed, through the CLI's code path and through the window's session) leave this JVM's thread
 * and open-file counts where they were, give or take a constant. The session is the window's: one
 * registry for its whole life, watching the config file.
 */
class ConfigChangeGrowthTest {
    private static final int SERVICES = 10;
    private static final int CHANGES = 50;
    /** Room for threads and files the JVM itself opens and closes meanwhile (JIT, class loading). */
    private static final int SLACK = 12;

    @TempDir
    Path home;
    private AppDirs dirs;
    private StackyardSession session;
    private final BlockingQueue<List<String>> reloads = new LinkedBlockingQueue<>();

    @AfterEach
    void tearDown() {
        if (session != null) {
            session.stopAll();
            session.close();
        }
    }

    private static int count(String procDir) throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(procDir))) {
            return (int) entries.count();
        }
    }

    private void cli(String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (StackyardContext context = new StackyardContext(dirs)) { // as one `stackyard` invocation
            code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
        }
        assertEquals(StackyardCli.OK, code, String.join(" ", args) + ": " + out + err);
    }

    /** Waits for the session to apply a config whose ids satisfy {@code wanted}; a minute guards a hang. */
    private void applied(Predicate<List<String>> wanted, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            List<String> ids = reloads.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (ids == null) {
                throw new AssertionError("the window never applied: " + what);
            }
            if (wanted.test(ids)) {
                return;
            }
        }
    }

    /** One add and one remove of a postgres instance: through the CLI when {@code viaCli}, else the window. */
    private void addAndRemove(boolean viaCli) throws Exception {
        if (viaCli) {
            cli("add", "postgres", "pgx");
        } else {
            session.addService(dev.stackyard.core.service.ServiceDefinition.of("pgx",
                    dev.stackyard.core.service.ServiceKind.named("postgres"), 55432));
        }
        applied(ids -> ids.contains("pgx"), "pgx added");
        if (viaCli) {
            cli("remove", "pgx");
        } else {
            session.removeService("pgx", false);
        }
        applied(ids -> !ids.contains("pgx"), "pgx removed");
    }

    @Test
    void fiftyConfigChangesLeaveThreadsAndOpenFilesWhereTheyWere() throws Exception {
        StringBuilder yaml = new StringBuilder("services:\n");
        IntStream.range(0, SERVICES).forEach(i -> yaml.append("""
                  - id: s%d
                    kind: process
                    command: ["sleep", "1000"]
                """.formatted(i)));
        Files.writeString(home.resolve("stackyard.yaml"), yaml, StandardCharsets.UTF_8);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        session = new StackyardSession(dirs);
        session.subscribe(new StackControl.Listener() {
            @Override
            public void changed(ServiceSnapshot snapshot) {
            }

            @Override
            public void reloaded(List<ServiceSnapshot> all) {
                reloads.add(all.stream().map(ServiceSnapshot::id).toList());
            }
        });
        session.reload();
        session.watchConfig();
        session.start(session.snapshots().stream().map(ServiceSnapshot::id).toList())
                .forEach((id, o) -> assertTrue(o.ok(), id + ": " + o.error()));

        addAndRemove(true); // warm-up: classes loaded, pools at their working size
        addAndRemove(false);
        int threads = count("/proc/self/task");
        int fds = count("/proc/self/fd");

        for (int change = 0; change < CHANGES; change += 2) {
            addAndRemove(change % 4 == 0);
        }

        int threadsAfter = count("/proc/self/task");
        int fdsAfter = count("/proc/self/fd");
        assertTrue(threadsAfter <= threads + SLACK, "threads grew from " + threads + " to " + threadsAfter);
        assertTrue(fdsAfter <= fds + SLACK, "open files grew from " + fds + " to " + fdsAfter);
        assertTrue(session.snapshots().stream().allMatch(s -> s.state() == ServiceState.RUNNING),
                "the ten services ran through it all: " + session.snapshots());
    }
}
