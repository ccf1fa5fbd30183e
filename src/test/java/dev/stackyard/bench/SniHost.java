package dev.stackyard.bench;

import dev.stackyard.app.PrivateBus;
import dev.stackyard.tray.dbus.StatusNotifierWatcher;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;

import java.io.IOException;

/**
 * A desktop's StatusNotifierItem host for the idle rows: a private session bus and a
 * StatusNotifierWatcher on it, as KDE Plasma or GNOME's AppIndicator extension run one, so the
 * window shows its tray icon there instead of through XEmbed.
 */
final class SniHost implements AutoCloseable {
    private final PrivateBus bus;
    private final DBusConnection connection;

    private SniHost(PrivateBus bus, DBusConnection connection) {
        this.bus = bus;
        this.connection = connection;
    }

    static SniHost start() throws Exception {
        PrivateBus bus = PrivateBus.start();
        try {
            DBusConnection c = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build();
            c.exportObject(new Watcher());
            c.requestBusName(StatusNotifierWatcher.BUS_NAME);
            return new SniHost(bus, c);
        } catch (Exception e) {
            bus.close();
            throw e;
        }
    }

    String address() {
        return bus.address();
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } finally {
            bus.close();
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
