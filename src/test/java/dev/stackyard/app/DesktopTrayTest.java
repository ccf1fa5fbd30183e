package dev.stackyard.app;

import dev.stackyard.usecase.StackyardSession;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.process.ProcessStats;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.tray.dbus.DbusMenu;
import dev.stackyard.tray.dbus.IconPixmap;
import dev.stackyard.tray.dbus.Notifications;
import dev.stackyard.tray.dbus.StatusNotifierItem;
import dev.stackyard.tray.dbus.StatusNotifierWatcher;
import dev.stackyard.tray.dbus.ToolTip;
import dev.stackyard.ui.PortProbe;
import dev.stackyard.ui.ServicesViewModel;
import dev.stackyard.ui.UiExecutor;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tray and the notifications over a real, private D-Bus session bus, with a
 * StatusNotifierWatcher and a notification server of our own on it (as a desktop has), and real
 * services (sleep processes and a real redis) behind the window's view model.
 */
class DesktopTrayTest {
    @TempDir
    Path home;
    private PrivateBus bus;
    private DBusConnection host;
    private final TestWatcher watcher = new TestWatcher();
    private final TestNotificationServer notifications = new TestNotificationServer();
    private StackyardSession session;
    private ServicesViewModel vm;
    private DesktopIntegration desktop;
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final LinkedBlockingQueue<String> windowRequests = new LinkedBlockingQueue<>();

    @BeforeEach
    void busWithAHost() throws Exception {
        bus = PrivateBus.start();
        host = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build();
        host.exportObject(watcher);
        host.requestBusName(StatusNotifierWatcher.BUS_NAME);
        host.exportObject(notifications);
        host.requestBusName(Notifications.BUS_NAME);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (desktop != null) {
                desktop.close();
            }
            if (session != null) {
                session.stopAll();
                session.close();
            }
            background.shutdownNow();
            host.close();
        } finally {
            bus.close();
        }
    }

    private void open(String yaml) throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), yaml, StandardCharsets.UTF_8);
        session = new StackyardSession(AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString())));
        session.reload();
        vm = new ServicesViewModel(session, UiExecutor.inline(), background, new NoDesktop(), error -> { },
                PortProbe.system(), ProcessStats::sample, Clock.systemUTC());
        vm.attach();
        WindowControl window = new WindowControl() {
            @Override
            public void showWindow() {
                windowRequests.add("show");
            }

            @Override
            public void showLog(String serviceId) {
                windowRequests.add("log " + serviceId);
            }

            @Override
            public void quit() {
                windowRequests.add("quit");
            }
        };
        desktop = DesktopIntegration.start(session, bus.address(), false,
                new TrayCommands(UiExecutor.inline(), () -> vm, window));
    }

    private static final String TWO_SLEEPERS = """
            services:
              - id: a
                kind: process
                command: ["sleep", "1000"]
              - id: b
                kind: process
                command: ["sleep", "1000"]
            """;

    @Test
    void itemRegistersWithItsIdTitleIconAndStatus() throws Exception {
        open(TWO_SLEEPERS);
        assertEquals("StatusNotifierItem", desktop.trayKind());
        String name = watcher.awaitRegistration();
        Properties item = host.getRemoteObject(name, StatusNotifierItem.PATH, Properties.class);
        Map<String, Variant<?>> all = item.GetAll(StatusNotifierItem.INTERFACE);
        assertEquals("stackyard", all.get("Id").getValue());
        assertEquals("Stackyard", all.get("Title").getValue());
        assertEquals("Passive", all.get("Status").getValue(), "nothing runs yet");
        assertEquals("/MenuBar", all.get("Menu").getValue().toString());
        List<?> pixmaps = (List<?>) all.get("IconPixmap").getValue();
        assertFalse(pixmaps.isEmpty(), "no icon");
        Object first = pixmaps.getFirst();
        int width = first instanceof IconPixmap p ? p.getWidth() : (Integer) ((Object[]) first)[0];
        assertEquals(16, width);
        Object tip = all.get("ToolTip").getValue();
        String text = tip instanceof ToolTip t ? t.getText() : (String) ((Object[]) tip)[3];
        assertEquals("nothing running", text);

        session.start(List.of("a"));
        assertEquals("Active", waitForStatus(item, "Active"));
        assertTrue(tooltipOf(item).contains("1 running"), tooltipOf(item));
    }

    @Test
    void menuListsEveryServiceWithItsStateAndStopAllStopsTheRealProcesses() throws Exception {
        int port = freePort();
        open(TWO_SLEEPERS + """
                  - id: redis
                    kind: redis
                    port: %d
                """.formatted(port));
        String name = watcher.awaitRegistration();
        DbusMenu menu = host.getRemoteObject(name, DbusMenu.PATH, DbusMenu.class);
        LinkedBlockingQueue<List<String>> updates = new LinkedBlockingQueue<>();
        host.addSigHandler(DbusMenu.ItemsPropertiesUpdated.class, s -> updates.add(
                s.getUpdated().stream().map(p -> String.valueOf(p.getProperties().get("label").getValue())).toList()));

        session.start(List.of("a", "redis"));
        List<String> labels = labels(menu);
        assertTrue(labels.contains("a — running (click to stop)"), labels.toString());
        assertTrue(labels.contains("b — stopped (click to start)"), labels.toString());
        assertTrue(labels.stream().anyMatch(l -> l.matches("redis — running redis [0-9.]+ \\(click to stop\\)")),
                labels.toString());
        assertTrue(labels.containsAll(List.of("Start all", "Stop all", "Open Stackyard", "Quit")), labels.toString());

        List<ProcessHandle> running = new ArrayList<>();
        for (ServiceSnapshot s : session.snapshots()) {
            if (s.pid() != null) {
                running.add(ProcessHandle.of(s.pid()).orElseThrow());
            }
        }
        assertEquals(2, running.size());
        updates.clear();
        menu.Event(3 - 1, "clicked", new Variant<>(0), new UInt32(0)); // id 2: Stop all
        for (ProcessHandle p : running) {
            p.onExit().get(30, TimeUnit.SECONDS);
        }
        awaitUpdate(updates, l -> l.contains("redis — stopped (click to start)"));
        assertTrue(labels(menu).contains("a — stopped (click to start)"));
    }

    @Test
    void killMinusNineOfRedisProducesANotifyNamingRedisWithShowLog() throws Exception {
        int port = freePort();
        open("""
                services:
                  - id: redis
                    kind: redis
                    port: %d
                """.formatted(port));
        session.start(List.of("redis"));
        long pid = session.snapshots().getFirst().pid();
        ProcessHandle redis = ProcessHandle.of(pid).orElseThrow();
        assertTrue(redis.destroyForcibly()); // SIGKILL
        TestNotificationServer.Call call = notifications.awaitCall();
        assertEquals("redis crashed (signal 9)", call.summary());
        assertEquals("Stackyard", call.appName());
        assertTrue(call.actions().contains("Show log"), call.actions().toString());
        assertTrue(call.body().lines().count() <= 3, call.body());

        // The person picks "Show log": the window opens on redis's log.
        // (Sent again until seen: the server can answer the click before Stackyard has read the
        // Notify reply that tells it which notification id is redis's.)
        String request = null;
        for (int i = 0; i < 30 && request == null; i++) {
            host.sendMessage(new Notifications.ActionInvoked(Notifications.PATH, new UInt32(call.id()), "show-log"));
            request = windowRequests.poll(1, TimeUnit.SECONDS);
        }
        assertEquals("log redis", request);
    }

    @Test
    void aStopThePersonAskedForNotifiesNothing() throws Exception {
        open(TWO_SLEEPERS);
        session.start(List.of("a"));
        session.stop(List.of("a"));
        // Then a crash of b: the only notice must be b's.
        session.start(List.of("b"));
        ProcessHandle.of(session.snapshots().get(1).pid()).orElseThrow().destroyForcibly();
        TestNotificationServer.Call call = notifications.awaitCall();
        assertEquals("b crashed (signal 9)", call.summary());
        assertTrue(notifications.calls.isEmpty(), notifications.calls.toString());
    }

    private static List<String> labels(DbusMenu menu) {
        DbusMenu.Layout<UInt32, DbusMenu.Node> layout = menu.GetLayout(0, -1, List.of());
        List<String> out = new ArrayList<>();
        for (Variant<?> child : layout.getRoot().getChildren()) {
            Object v = child.getValue();
            Map<?, ?> props = v instanceof DbusMenu.Node n ? n.getProperties() : (Map<?, ?>) ((Object[]) v)[1];
            Object label = props.get("label");
            if (label != null) {
                out.add(String.valueOf(label instanceof Variant<?> var ? var.getValue() : label));
            }
        }
        return out;
    }

    private static Object property(Properties item, String name) {
        Object v = item.Get(StatusNotifierItem.INTERFACE, name);
        return v instanceof Variant<?> var ? var.getValue() : v;
    }

    private static String tooltipOf(Properties item) {
        Object tip = property(item, "ToolTip");
        return tip instanceof ToolTip t ? t.getText() : String.valueOf(((Object[]) tip)[3]);
    }

    /** The host's view after the NewStatus signal, which the item sends on every change of it. */
    private String waitForStatus(Properties item, String wanted) throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        try (AutoCloseable _ = host.addSigHandler(StatusNotifierItem.NewStatus.class, s -> {
            if (wanted.equals(s.getStatus())) {
                seen.complete(s.getStatus());
            }
        })) {
            if (!wanted.equals(property(item, "Status"))) {
                seen.get(30, TimeUnit.SECONDS);
            }
        }
        return String.valueOf(property(item, "Status"));
    }

    private static void awaitUpdate(LinkedBlockingQueue<List<String>> updates, Predicate<List<String>> wanted)
            throws InterruptedException {
        while (true) {
            List<String> u = updates.poll(30, TimeUnit.SECONDS);
            if (u == null) {
                throw new AssertionError("no matching ItemsPropertiesUpdated");
            }
            if (wanted.test(u)) {
                return;
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static final class NoDesktop implements dev.stackyard.ui.DesktopActions {
        @Override
        public void copyToClipboard(String text) {
        }

        @Override
        public void openInBrowser(String url) {
        }
    }

    static ServiceState stateOf(List<ServiceSnapshot> all, String id) {
        return all.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().state();
    }
}
