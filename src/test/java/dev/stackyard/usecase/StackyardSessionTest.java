package dev.stackyard.usecase;

import dev.stackyard.app.WindowApp;
import dev.stackyard.config.AppDirs;
import dev.stackyard.config.ConfigException;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window's session over real config files and real (tiny) processes; no toolkit. */
class StackyardSessionTest {
    @TempDir
    Path home;
    private AppDirs dirs;
    private StackyardSession session;
    private final List<List<String>> reloads = new CopyOnWriteArrayList<>();
    private final BlockingQueue<List<String>> reloadEvents = new LinkedBlockingQueue<>();
    private final BlockingQueue<Optional<ConfigException>> checks = new LinkedBlockingQueue<>();
    private final BlockingQueue<ServiceSnapshot> changes = new LinkedBlockingQueue<>();

    @BeforeEach
    void load() throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: a
                    kind: process
                    command: ["sleep", "1000"]
                    autostart: true
                  - id: b
                    kind: process
                    command: ["sleep", "1000"]
                """, StandardCharsets.UTF_8);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        session = new StackyardSession(dirs);
        session.subscribe(new StackControl.Listener() {
            @Override
            public void changed(ServiceSnapshot snapshot) {
                changes.add(snapshot);
            }

            @Override
            public void reloaded(List<ServiceSnapshot> all) {
                reloads.add(all.stream().map(ServiceSnapshot::id).toList());
                reloadEvents.add(all.stream().map(ServiceSnapshot::id).toList());
            }

            @Override
            public void configChecked(Optional<ConfigException> problem) {
                checks.add(problem);
            }
        });
        session.reload();
        reloadEvents.clear();
    }

    /** The next event from {@code queue} that satisfies {@code wanted}; a minute is only a guard against a hang. */
    private static <T> T next(BlockingQueue<T> queue, Predicate<T> wanted, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            T t = queue.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (t == null) {
                throw new AssertionError("no event: " + what);
            }
            if (wanted.test(t)) {
                return t;
            }
        }
    }

    private static final String EXTRA = """
              - id: c
                kind: process
                command: ["sleep", "1000"]
            """;

    @AfterEach
    void stopAll() {
        session.stopAll();
        session.close();
    }

    private long pid(String id) {
        return session.snapshots().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().pid();
    }

    private static boolean alive(long pid) {
        return ProcFs.stat(pid).filter(s -> !s.isZombie()).isPresent();
    }

    @Test
    void aReloadPicksUpAnEditAndKeepsRunningServicesRunning() throws Exception {
        assertEquals(List.of("a"), session.autostartIds());
        session.start(List.of("a"));
        long pid = pid("a");
        Files.writeString(home.resolve("stackyard.yaml"), """
                  - id: c
                    kind: process
                    command: ["sleep", "1000"]
                """, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        session.reload();
        assertEquals(List.of("a", "b", "c"), reloads.getLast());
        ServiceSnapshot a = session.snapshots().getFirst();
        assertEquals(ServiceState.RUNNING, a.state(), "kept by the same registry");
        assertEquals(pid, a.pid());
        session.stop(List.of("a"));
        assertFalse(alive(pid));
    }

    @Test
    void theWindowsOwnChildStillReportsItsExitStatusAfterAConfigChange() throws Exception {
        session.start(List.of("a"));
        long pid = pid("a");
        session.addService(ServiceDefinition.of("extra", ServiceKind.named("redis"), 6999));
        changes.clear();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        ServiceSnapshot failed = next(changes, s -> s.id().equals("a") && s.state() == ServiceState.FAILED, "a failed");
        assertFalse(failed.lastError().contains("unknown"), failed.lastError());
        assertTrue(failed.lastError().contains("9"), failed.lastError());
    }

    @Test
    void anEditMadeElsewhereIsAppliedByItself() throws Exception {
        session.watchConfig();
        session.start(List.of("a"));
        long pid = pid("a");
        Files.writeString(home.resolve("stackyard.yaml"), EXTRA, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(List.of("a", "b", "c"), next(reloadEvents, ids -> ids.contains("c"), "c appears"));
        assertEquals(pid, pid("a"), "a keeps its process");
        assertEquals(ServiceState.STOPPED, session.snapshots().getLast().state());
    }

    @Test
    void aFileReplacedByRenameIsAppliedToo() throws Exception {
        session.watchConfig();
        Path config = home.resolve("stackyard.yaml");
        Path swap = home.resolve(".stackyard.yaml.swp");
        Files.writeString(swap, Files.readString(config) + EXTRA, StandardCharsets.UTF_8);
        Files.move(swap, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals(List.of("a", "b", "c"), next(reloadEvents, ids -> ids.contains("c"), "c appears"));
    }

    @Test
    void anInvalidFileLeavesTheServicesAloneAndSaysWhyUntilFixed() throws Exception {
        session.watchConfig();
        session.start(List.of("a"));
        long pid = pid("a");
        List<ServiceSnapshot> before = session.snapshots();
        Path config = home.resolve("stackyard.yaml");
        String valid = Files.readString(config);
        Files.writeString(config, valid.replace("kind: process\n    command: [\"sleep\", \"1000\"]\n    autostart",
                "kind: nosuchkind\n    command: [\"sleep\", \"1000\"]\n    autostart"), StandardCharsets.UTF_8);

        ConfigException problem = next(checks, Optional::isPresent, "the problem is told").orElseThrow();
        assertTrue(problem.getMessage().contains("services[0].kind"), problem.getMessage());
        assertTrue(problem.problems().getFirst().line() > 0, "names the line");
        assertEquals(Optional.of(problem), session.configProblem());
        assertEquals(before, session.snapshots(), "nothing changed");
        assertTrue(alive(pid));

        Files.writeString(config, valid + EXTRA, StandardCharsets.UTF_8);
        assertEquals(List.of("a", "b", "c"), next(reloadEvents, ids -> ids.contains("c"), "the fixed file applied"));
        next(checks, Optional::isEmpty, "fixed");
        assertEquals(Optional.empty(), session.configProblem());
        assertEquals(pid, pid("a"));
    }

    @Test
    void addAndRemoveEditTheConfigAndRebuild() throws Exception {
        session.addService(ServiceDefinition.of("extra", ServiceKind.named("redis"), 6999));
        assertEquals(List.of("a", "b", "extra"), reloads.getLast());
        assertTrue(Files.readString(home.resolve("stackyard.yaml")).contains("extra"));

        session.start(List.of("b"));
        long pid = pid("b");
        session.removeService("b", false);
        assertFalse(alive(pid), "a removed service is stopped first");
        assertEquals(List.of("a", "extra"), reloads.getLast());
        assertFalse(Files.readString(home.resolve("stackyard.yaml")).contains("id: b"));
    }

    @Test
    void stopAllAlsoStopsWhatRunsButWasTakenOutOfTheConfigByHand() throws Exception {
        session.start(List.of("a", "b"));
        long b = pid("b");
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: a
                    kind: process
                    command: ["sleep", "1000"]
                """, StandardCharsets.UTF_8);
        session.reload();
        session.stopAll();
        assertFalse(alive(b), "b was left running");
    }

    @Test
    void quitStopsEveryServiceOnceHoweverManyPathsAskAndExitsOnce() throws Exception {
        session.close();
        AtomicInteger exits = new AtomicInteger();
        WindowApp app = WindowApp.create(dirs, exits::incrementAndGet);
        session = app.session();
        session.start(List.of("a", "b"));
        long a = pid("a");
        long b = pid("b");
        Thread signal = Thread.ofPlatform().start(app::stopAllOnce); // as the shutdown hook would
        app.quit().get(60, TimeUnit.SECONDS);
        app.quit().get(60, TimeUnit.SECONDS);
        signal.join(TimeUnit.SECONDS.toMillis(60));
        app.stopAllOnce();
        assertFalse(alive(a));
        assertFalse(alive(b));
        assertEquals(1, exits.get());
        session = new StackyardSession(dirs); // quitting closed the app's; the tear-down needs one
    }
}
