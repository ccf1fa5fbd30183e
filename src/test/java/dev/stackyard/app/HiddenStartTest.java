package dev.stackyard.app;

import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.tray.dbus.StatusNotifierWatcher;
import dev.stackyard.usecase.DesktopFileValidate;
import dev.stackyard.usecase.StartAtLogin;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real window (headless platform) over a private D-Bus and a real {@code process} service:
 * started hidden it stays out of sight with its icon in the tray and the autostart service running;
 * with no tray it shows minimized, with the one-time no-tray line, whose dismissal survives a
 * restart; View › Start Stackyard at login writes and removes the autostart entry and shows what is on disk.
 */
class HiddenStartTest {
    private static final long WAIT_SECONDS = 30;
    @TempDir
    Path home;
    @TempDir
    Path xdgConfig;
    private PrivateBus bus;
    private DBusConnection host;
    private final TestWatcher watcher = new TestWatcher();
    private AppDirs dirs;
    private StartAtLogin login;
    private final List<WindowApp> apps = new ArrayList<>();

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void busAndHome() throws Exception {
        bus = PrivateBus.start();
        host = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build();
        AutostartWorker.writeConfig(home);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        login = new StartAtLogin(xdgConfig.resolve("autostart"), Optional.of(Path.of("/usr/bin/stackyard")), Optional.empty());
        System.setProperty("stackyard.dbusAddress", bus.address());
    }

    @AfterEach
    void stopEverything() throws Exception {
        System.clearProperty("stackyard.dbusAddress");
        try {
            for (WindowApp app : apps) {
                app.quit().get(60, TimeUnit.SECONDS);
            }
            host.close();
        } finally {
            bus.close();
            try (StackyardContext cli = new StackyardContext(dirs)) {
                cli.registry().stopAll();
            }
        }
    }

    private void offerATray() throws Exception {
        host.exportObject(watcher);
        host.requestBusName(StatusNotifierWatcher.BUS_NAME);
    }

    /** A window app on a fresh stage, shown as {@code stackyard} or {@code stackyard --hidden} would. */
    private Opened open(boolean hidden) throws Exception {
        WindowApp app = WindowApp.create(dirs, () -> { }, login);
        apps.add(app);
        Stage stage = fx(Stage::new);
        FxToolkit.setupFixture(() -> app.show(stage, hidden));
        return new Opened(app, stage, app.desktopJoined().get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    record Opened(WindowApp app, Stage stage, boolean tray) {
    }

    @Test
    void hiddenWithATrayShowsNoWindowAndStartsTheAutostartServicesWithTheIconRegistered() throws Exception {
        offerATray();
        Opened opened = open(true);
        assertTrue(opened.tray(), "no tray icon");
        watcher.awaitRegistration();
        long pid = running(opened.app(), AutostartWorker.ID);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        assertFalse(fx(() -> opened.stage().isShowing()), "the window shows");
        assertEquals(List.of(), fx(() -> Window.getWindows().stream().filter(Window::isShowing)
                .map(w -> w instanceof Stage s ? s.getTitle() : w.toString()).toList()), "windows shown");

        // The tray's Open (here: a second launch's request) brings it up, the line about no tray absent.
        opened.app().windowControl().showWindow();
        waitUntil("the window shows", () -> opened.stage().isShowing() && !opened.stage().isIconified());
        assertFalse(fx(() -> banner(opened.stage()).isVisible()), "the no-tray line shows although there is a tray");
    }

    @Test
    void hiddenWithoutATrayShowsTheWindowMinimizedWithTheNoTrayLineUntilDismissedForGood() throws Exception {
        Opened first = open(true);
        assertFalse(first.tray());
        waitUntil("the window shows minimized", () -> first.stage().isShowing() && first.stage().isIconified());
        running(first.app(), AutostartWorker.ID);
        waitUntil("the no-tray line shows", () -> banner(first.stage()).isVisible());
        String text = fx(() -> ((javafx.scene.control.Label) first.stage().getScene().lookup("#noTrayText")).getText());
        assertTrue(text.contains("closing this window stops your services"), text);
        assertTrue(text.contains("gnome-shell-extension-appindicator"), text);

        fx(() -> {
            ((Button) first.stage().getScene().lookup("#noTrayClose")).fire();
            return null;
        });
        assertFalse(fx(() -> banner(first.stage()).isVisible()), "the line stays after its close button");
        Path settings = dirs.dataDir().resolve("window.properties");
        waitUntil("the dismissal is saved", () -> Files.exists(settings)
                && Files.readString(settings).contains("noTrayNoticeDismissed=true"));
        first.app().quit().get(60, TimeUnit.SECONDS);

        Opened again = open(false);
        assertFalse(again.tray());
        assertTrue(fx(() -> again.stage().isShowing() && !again.stage().isIconified()));
        assertFalse(fx(() -> banner(again.stage()).isVisible()), "a dismissed line came back after a restart");
    }

    @Test
    void theNoTrayLineShowsInAnOpenWindowWithoutATray() throws Exception {
        Opened opened = open(false);
        assertFalse(opened.tray());
        waitUntil("the no-tray line shows", () -> banner(opened.stage()).isVisible());
        // The icon is drawn after the first frame; the window still gets every size of it.
        waitUntil("the window has its icon", () -> opened.stage().getIcons().size() == 5);
    }

    @Test
    void viewMenuStartAtLoginWritesAndRemovesTheEntryAndShowsWhatIsOnDisk() throws Exception {
        offerATray();
        Opened opened = open(false);
        CheckMenuItem item = fx(() -> loginItem(opened.stage()));
        assertEquals("Start Stackyard at login", fx(item::getText));
        assertFalse(fx(item::isSelected));

        click(item);
        waitUntil("the entry is written", () -> Files.exists(login.entry()));
        assertEquals("", DesktopFileValidate.problems(login.entry()));
        assertTrue(Files.readString(login.entry()).contains("Exec=/usr/bin/stackyard --hidden"));
        waitUntil("the item is checked", item::isSelected);

        click(item);
        waitUntil("the entry is removed", () -> !Files.exists(login.entry()));
        waitUntil("the item is unchecked", () -> !item.isSelected());

        // Written elsewhere (the CLI): the menu shows it when it opens.
        login.enable();
        fx(() -> {
            viewMenu(opened.stage()).getOnShowing().handle(null);
            return null;
        });
        waitUntil("the item follows the file", item::isSelected);
    }

    /** What a click on the item does (the menu's skin): toggles it, then runs its action. */
    private static void click(CheckMenuItem item) throws Exception {
        fx(() -> {
            item.setSelected(!item.isSelected());
            item.fire();
            return null;
        });
    }

    private static Node banner(Stage stage) {
        return stage.getScene().lookup("#noTrayBanner");
    }

    private static Menu viewMenu(Stage stage) {
        return ((MenuBar) stage.getScene().lookup("#menuBar")).getMenus().stream()
                .filter(m -> "viewMenu".equals(m.getId())).findFirst().orElseThrow();
    }

    private static CheckMenuItem loginItem(Stage stage) {
        return (CheckMenuItem) viewMenu(stage).getItems().stream()
                .filter(i -> "startAtLoginItem".equals(i.getId())).findFirst().orElseThrow();
    }

    /** The PID of the service once it is RUNNING (its real process). */
    private static long running(WindowApp app, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        java.util.concurrent.CompletableFuture<Void> changed = new java.util.concurrent.CompletableFuture<>();
        while (true) {
            java.util.concurrent.CompletableFuture<Void> next = new java.util.concurrent.CompletableFuture<>();
            Runnable unsubscribe = app.session().subscribe(new dev.stackyard.usecase.StackControl.Listener() {
                @Override
                public void changed(ServiceSnapshot s) {
                    next.complete(null);
                }

                @Override
                public void reloaded(List<ServiceSnapshot> all) {
                    next.complete(null);
                }
            });
            try {
                for (ServiceSnapshot s : app.session().snapshots()) {
                    if (s.id().equals(id) && s.state() == ServiceState.RUNNING) {
                        return s.pid();
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(id + " never ran: " + app.session().snapshots());
                }
                try {
                    next.get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError(id + " never ran: " + app.session().snapshots(), e);
                }
            } finally {
                unsubscribe.run();
            }
        }
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("not reached within " + WAIT_SECONDS + " s: " + what, e);
        }
    }
}
