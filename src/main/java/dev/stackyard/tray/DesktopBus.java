package dev.stackyard.tray;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

/**
 * The app's one connection to the session bus, shared by the tray icon and the notifications.
 * Closing it drops every name and object Stackyard put on the bus.
 */
public final class DesktopBus implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DesktopBus.class);

    private final DBusConnection connection;

    private DesktopBus(DBusConnection connection) {
        this.connection = connection;
    }

    /**
     * Connects to the session bus at {@code address} (as in {@code DBUS_SESSION_BUS_ADDRESS}), or
     * returns empty, with one log line, when there is none, it is {@code disabled:} (the test
     * build's setting), or it cannot be reached.
     */
    public static Optional<DesktopBus> connect(String address) {
        if (address == null || address.isBlank() || address.startsWith("disabled:")) {
            log.info("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)");
            return Optional.empty();
        }
        try {
            return Optional.of(new DesktopBus(DBusConnectionBuilder.forAddress(address).withShared(false).build()));
        } catch (DBusException | RuntimeException e) {
            log.info("the D-Bus session bus at {} cannot be reached: {}", address, e.getMessage());
            return Optional.empty();
        }
    }

    public DBusConnection connection() {
        return connection;
    }

    /** Whether some client owns {@code name} now. */
    public boolean hasOwner(String name) {
        try {
            DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
            return bus.NameHasOwner(name);
        } catch (DBusException | RuntimeException e) {
            log.debug("cannot ask the bus about {}: {}", name, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the D-Bus connection: {}", e.getMessage());
        }
    }
}
