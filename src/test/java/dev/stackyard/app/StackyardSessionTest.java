package dev.stackyard.app;

import dev.stackyard.config.AppDirs;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.ui.StackControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
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
            }

            @Override
            public void reloaded(List<ServiceSnapshot> all) {
                reloads.add(all.stream().map(ServiceSnapshot::id).toList());
            }
        });
        session.reload();
    }

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
        assertEquals(ServiceState.RUNNING, a.state(), "adopted by the rebuilt registry");
        assertEquals(pid, a.pid());
        session.stop(List.of("a"));
        assertFalse(alive(pid));
    }

    @Test
    void addAndRemoveEditTheConfigAndRebuild() throws Exception {
        session.addService(ServiceDefinition.of("extra", ServiceKind.REDIS, 6999));
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
    }
}
