package dev.stackyard.bench;

import dev.stackyard.tray.dbus.StatusNotifierWatcher;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A desktop's StatusNotifierItem host for the idle rows: a private {@code dbus-daemon --session}
 * and a StatusNotifierWatcher on it, as KDE Plasma or GNOME's AppIndicator extension run one, so
 * the window shows its tray icon there instead of through XEmbed. Stopped by PID on close.
 */
final class SniHost implements AutoCloseable {
    private final Process daemon;
    private final DBusConnection connection;
    private final String address;

    private SniHost(Process daemon, DBusConnection connection, String address) {
        this.daemon = daemon;
        this.connection = connection;
        this.address = address;
    }

    static SniHost start() throws Exception {
        Process p = new ProcessBuilder(List.of("dbus-daemon", "--session", "--nofork", "--print-address=1"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String address = Jvm.readLine(new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8)), Duration.ofSeconds(20)).orElseThrow(
                            () -> new IOException("dbus-daemon printed no address")).strip();
            DBusConnection c = DBusConnectionBuilder.forAddress(address).withShared(false).build();
            c.exportObject(new Watcher());
            c.requestBusName(StatusNotifierWatcher.BUS_NAME);
            return new SniHost(p, c, address);
        } catch (Exception e) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    String address() {
        return address;
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } finally {
            daemon.destroy(); // SIGTERM to its PID
            try {
                if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                daemon.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Accepts every item, as a host does; the bench needs nothing from them. */
    private static final class Watcher implements StatusNotifierWatcher {
        @Override
        public void RegisterStatusNotifierItem(String service) {
            // registered: the item now shows in this host's tray
        }

        @Override
        public String getObjectPath() {
            return PATH;
        }
    }
}
