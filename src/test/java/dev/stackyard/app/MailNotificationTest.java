package dev.stackyard.app;

import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.testing.Smtp;
import dev.stackyard.tray.dbus.Notifications;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * New mail on the desktop: the real window (headless) with a notification server on a private
 * D-Bus and a real mail service it started. Two messages in quick succession make one
 * notification naming the first, then one counting the other; View › Notify on new mail turned
 * off makes none, and is remembered.
 */
class MailNotificationTest {
    @TempDir
    Path home;
    private PrivateBus bus;
    private DBusConnection host;
    private final TestNotificationServer notifications = new TestNotificationServer();
    private final AtomicInteger exits = new AtomicInteger();
    private AppDirs dirs;
    private WindowApp app;
    private Stage stage;
    private int smtp;

    @BeforeEach
    void windowWithAMailService() throws Exception {
        bus = PrivateBus.start();
        host = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build();
        host.exportObject(notifications);
        host.requestBusName(Notifications.BUS_NAME);
        // Below the ephemeral range (32768-): no outgoing connection takes it between the check and the bind.
        smtp = PortCheck.findFree(26_000 + (int) (ProcessHandle.current().pid() % 2000));
        Files.writeString(home.resolve("stackyard.yaml"), "services:\n" + Smtp.service("mail", smtp, PortCheck.findFree(smtp + 1))
                + "    autostart: true\n", StandardCharsets.UTF_8);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        System.setProperty("stackyard.dbusAddress", bus.address());
        app = WindowApp.create(dirs, exits::incrementAndGet);
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> app.show(stage));
        app.desktopJoined().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.session().snapshots().getFirst().state() == ServiceState.RUNNING
                && app.mailArrivals().watching());
    }

    @AfterEach
    void stopEverything() throws Exception {
        System.clearProperty("stackyard.dbusAddress");
        try {
            app.quit().get(60, TimeUnit.SECONDS);
            host.close();
        } finally {
            bus.close();
            try (StackyardContext cli = new StackyardContext(dirs)) {
                cli.registry().stopAll();
            }
        }
    }

    private void send(String to, String subject) throws Exception {
        Smtp.send(smtp, "app@example.com", List.of(to), Smtp.plain("app@example.com", to, subject, "Hello."));
    }

    @Test
    void twoMessagesInQuickSuccessionMakeOneNotificationThenACount() throws Exception {
        send("ann@example.com", "Welcome, Ann");
        TestNotificationServer.Call first = notifications.awaitCall();
        assertEquals("To: ann@example.com — Welcome, Ann", first.summary());
        send("bob@example.com", "Your password reset");
        TestNotificationServer.Call count = notifications.awaitCall();
        assertEquals("1 more new message", count.summary());
        assertEquals("To: bob@example.com — Your password reset", count.body());
        assertEquals(List.of(), List.copyOf(notifications.calls), "more notifications than messages");
    }

    @Test
    void turnedOffInTheViewMenuNoNotificationComesAndTheChoiceIsRemembered() throws Exception {
        FxToolkit.setupFixture(() -> notifyItem().setSelected(false));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> Files.exists(home.resolve("data/window.properties"))
                && Files.readString(home.resolve("data/window.properties")).contains("notifyMail=false"));

        CompletableFuture<String> handled = new CompletableFuture<>();
        Runnable stop = app.mailArrivals().subscribe((id, arrived) -> {
            if (arrived) {
                handled.complete(id); // listeners run in order: the notifier has had its turn
            }
        });
        try {
            send("ann@example.com", "Not to be told");
            assertEquals("mail", handled.get(30, TimeUnit.SECONDS));
        } finally {
            stop.run();
        }
        assertNull(notifications.calls.poll(), "a notification came although they are turned off");
        assertTrue(!new WindowSettings(home.resolve("data/window.properties")).notifyMail());
    }

    private CheckMenuItem notifyItem() {
        MenuBar bar = (MenuBar) stage.getScene().lookup("#menuBar");
        for (var menu : bar.getMenus()) {
            for (MenuItem item : menu.getItems()) {
                if ("notifyMailItem".equals(item.getId())) {
                    return (CheckMenuItem) item;
                }
            }
        }
        throw new AssertionError("no View › Notify on new mail");
    }
}
