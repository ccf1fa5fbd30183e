package dev.stackyard.tray.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * {@code org.kde.StatusNotifierItem}: the tray icon as KDE Plasma, GNOME's AppIndicator extension,
 * XFCE, Cinnamon and Budgie show it. Its properties (Id, Title, Status, IconPixmap, ToolTip, Menu,
 * ...) are read through {@code org.freedesktop.DBus.Properties}; the methods are what a host calls
 * when the person clicks or scrolls on the icon.
 */
@DBusInterfaceName(StatusNotifierItem.INTERFACE)
public interface StatusNotifierItem extends DBusInterface {
    String INTERFACE = "org.kde.StatusNotifierItem";
    String PATH = "/StatusNotifierItem";

    /** Primary click at screen position (x, y). */
    void Activate(int x, int y);

    /** Middle click. */
    void SecondaryActivate(int x, int y);

    /** A host that draws no menu itself asks the item to show its menu. */
    void ContextMenu(int x, int y);

    void Scroll(int delta, String orientation);

    /** The icon changed. */
    class NewIcon extends DBusSignal {
        public NewIcon(String path) throws DBusException {
            super(path);
        }
    }

    /** The attention icon changed. */
    class NewAttentionIcon extends DBusSignal {
        public NewAttentionIcon(String path) throws DBusException {
            super(path);
        }
    }

    /** The tooltip changed. */
    class NewToolTip extends DBusSignal {
        public NewToolTip(String path) throws DBusException {
            super(path);
        }
    }

    /** The status (Passive, Active, NeedsAttention) changed. */
    class NewStatus extends DBusSignal {
        private final String status;

        public NewStatus(String path, String status) throws DBusException {
            super(path, status);
            this.status = status;
        }

        public String getStatus() {
            return status;
        }
    }
}
