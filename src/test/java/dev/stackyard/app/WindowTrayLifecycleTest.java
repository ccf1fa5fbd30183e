package dev.stackyard.app;

import dev.stackyard.usecase.StackControl;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.tray.dbus.Notifications;
import dev.stackyard.tray.dbus.StatusNotifierWatcher;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real window (headless platform) with a tray on a private D-Bus: closing hides it to the
 * tray with the services still running and one notice; a second launch's request over the unix
 * socket brings it back; with hiding turned off, closing quits and stops everything.
 */
class WindowTrayLifecycleTest {
    @TempDir
    Path home;
    private PrivateBus bus;
    private DBusConnection host;
    private final TestWatcher watcher = new TestWatcher();
    private final TestNotificationServer notifications = new TestNotificationServer();
    private final AtomicInteger exits = new AtomicInteger();
    private AppDirs dirs;
    private WindowApp app;
    private Stage stage;
    private WindowRequests requests;

    @BeforeEach
    void windowWithATray() throws Exception {
        bus = PrivateBus.start();
        host = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build();
        host.exportObject(watcher);
        host.requestBusName(StatusNotifierWatcher.BUS_NAME);
        host.exportObject(notifications);
        host.requestBusName(Notifications.BUS_NAME);
        AutostartWorker.writeConfig(home);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        System.setProperty("stackyard.dbusAddress", bus.address());
        app = WindowApp.create(dirs, exits::incrementAndGet);
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> app.show(stage));
        requests = WindowRequests.serve(WindowRequests.socketFile(dirs.runDir()), app.windowControl()::showWindow);
        assertTrue(app.desktopJoined().get(30, TimeUnit.SECONDS), "no tray icon");
        watcher.awaitRegistration();
    }

    @AfterEach
    void stopEverything() throws Exception {
        System.clearProperty("stackyard.dbusAddress");
        try {
            requests.close();
            app.quit().get(60, TimeUnit.SECONDS);
            host.close();
        } finally {
            bus.close();
            try (StackyardContext cli = new StackyardContext(dirs)) {
                cli.registry().stopAll();
            }
        }
    }

    private long runningWorker() throws Exception {
        CompletableFuture<Long> pid = new CompletableFuture<>();
        Runnable unsubscribe = app.session().subscribe(new dev.stackyard.usecase.StackControl.Listener() {
            @Override
            public void changed(ServiceSnapshot s) {
                if (s.state() == ServiceState.RUNNING) {
                    pid.complete(s.pid());
                }
            }

            @Override
            public void reloaded(java.util.List<ServiceSnapshot> all) {
            }
        });
        try {
            ServiceSnapshot now = app.session().snapshots().getFirst();
            if (now.state() == ServiceState.RUNNING) {
                return now.pid();
            }
            return pid.get(30, TimeUnit.SECONDS);
        } finally {
            unsubscribe.run();
        }
    }

    private CompletableFuture<Boolean> nextShowing() throws Exception {
        CompletableFuture<Boolean> seen = new CompletableFuture<>();
        FxToolkit.setupFixture(() -> stage.showingProperty().addListener((o, was, is) -> seen.complete(is)));
        return seen;
    }

    private void closeTheWindow() throws Exception {
        FxToolkit.setupFixture(() -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
    }

    @Test
    void closingHidesToTheTrayAndASecondLaunchBringsTheWindowBack() throws Exception {
        long worker = runningWorker();
        CompletableFuture<Boolean> hidden = nextShowing();
        closeTheWindow();
        assertFalse(hidden.get(30, TimeUnit.SECONDS), "the window did not hide");
        assertEquals(0, exits.get(), "closing with a tray must not quit");
        assertTrue(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false), "the worker was stopped");

        TestNotificationServer.Call notice = notifications.awaitCall();
        assertEquals("Stackyard keeps running in the tray", notice.summary());

        CompletableFuture<Boolean> shown = nextShowing();
        assertTrue(WindowRequests.requestShow(WindowRequests.socketFile(dirs.runDir())), "no answer on the socket");
        assertTrue(shown.get(30, TimeUnit.SECONDS), "the window did not come back");

        // The notice is shown once, ever: a second close says nothing.
        CompletableFuture<Boolean> hiddenAgain = nextShowing();
        closeTheWindow();
        assertFalse(hiddenAgain.get(30, TimeUnit.SECONDS));
        assertTrue(Files.readString(dirs.dataDir().resolve("window.properties")).contains("trayNoticeShown=true"));
    }

    @Test
    void withHidingTurnedOffClosingQuitsAndStopsEverything() throws Exception {
        long worker = runningWorker();
        ProcessHandle handle = ProcessHandle.of(worker).orElseThrow();
        FxToolkit.setupFixture(() -> ((javafx.scene.control.CheckMenuItem) ((javafx.scene.control.MenuBar)
                stage.getScene().lookup("#menuBar")).getMenus().get(1).getItems().stream()
                .filter(i -> "hideToTrayItem".equals(i.getId())).findFirst().orElseThrow()).setSelected(false));
        closeTheWindow();
        handle.onExit().get(60, TimeUnit.SECONDS);
        app.quit().get(60, TimeUnit.SECONDS);
        assertEquals(1, exits.get());
    }
}
