package dev.stackyard.tray.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * {@code org.kde.StatusNotifierWatcher}, owned by the desktop's tray host: items register with it.
 * Only the part Stackyard calls (a test implements it as a host would).
 */
@DBusInterfaceName(StatusNotifierWatcher.INTERFACE)
public interface StatusNotifierWatcher extends DBusInterface {
    String INTERFACE = "org.kde.StatusNotifierWatcher";
    String BUS_NAME = "org.kde.StatusNotifierWatcher";
    String PATH = "/StatusNotifierWatcher";

    /** @param service the item's bus name (or an object path on the caller's unique name) */
    void RegisterStatusNotifierItem(String service);
}
