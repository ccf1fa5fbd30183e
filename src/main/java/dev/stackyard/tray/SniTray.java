package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.tray.dbus.DbusMenu;
import dev.stackyard.tray.dbus.StatusNotifierItem;
import dev.stackyard.tray.dbus.StatusNotifierWatcher;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.types.UInt32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tray icon as a StatusNotifierItem: exports {@code /StatusNotifierItem} and its dbusmenu at
 * {@code /MenuBar} under the bus name {@code org.kde.StatusNotifierItem-PID-1}, registers with the
 * desktop's {@code org.kde.StatusNotifierWatcher}, and registers again when a watcher (re)appears
 * (a panel restart). State changes go out as NewStatus / NewIcon / NewToolTip and, for the menu,
 * ItemsPropertiesUpdated (labels) or LayoutUpdated (services added or removed).
 */
final class SniTray implements Tray {
    private static final Logger log = LoggerFactory.getLogger(SniTray.class);

    private final DesktopBus bus;
    private final String busName = "org.kde.StatusNotifierItem-" + ProcessHandle.current().pid() + "-1";
    private final TrayMenu menu = new TrayMenu();
    private final SniItem item;
    private final SniMenu dbusMenu;
    private AutoCloseable watcherHandler = () -> { };
    private TrayStatus status;

    private SniTray(DesktopBus bus, TrayActions actions) {
        this.bus = bus;
        this.item = new SniItem(new TrayIcons(), actions);
        this.dbusMenu = new SniMenu(id -> menu.activate(id, dbusMenu().entries(), actions));
    }

    private SniMenu dbusMenu() {
        return dbusMenu;
    }

    /**
     * Puts the icon on the bus when a StatusNotifierWatcher is there; empty (one log line) when
     * none is or registering fails.
     */
    static Optional<Tray> open(DesktopBus bus, TrayActions actions, List<ServiceSnapshot> services) {
        if (!bus.hasOwner(StatusNotifierWatcher.BUS_NAME)) {
            log.info("no StatusNotifierWatcher on the session bus");
            return Optional.empty();
        }
        SniTray tray = new SniTray(bus, actions);
        try {
            tray.update(services);
            DBusConnection c = bus.connection();
            c.exportObject(tray.item);
            c.exportObject(tray.dbusMenu);
            c.requestBusName(tray.busName);
            tray.register();
            tray.watcherHandler = c.addSigHandler(DBus.NameOwnerChanged.class, signal -> {
                if (StatusNotifierWatcher.BUS_NAME.equals(signal.name) && !signal.newOwner.isEmpty()) {
                    Thread.ofVirtual().start(tray::registerQuietly); // never call out on the signal thread
                }
            });
        } catch (DBusException | RuntimeException e) {
            log.info("the StatusNotifierWatcher refused the tray icon: {}", e.getMessage());
            tray.close();
            return Optional.empty();
        }
        return Optional.of(tray);
    }

    private void register() throws DBusException {
        StatusNotifierWatcher watcher = bus.connection().getRemoteObject(StatusNotifierWatcher.BUS_NAME,
                StatusNotifierWatcher.PATH, StatusNotifierWatcher.class);
        watcher.RegisterStatusNotifierItem(busName);
        log.info("tray icon registered as {}", busName);
    }

    private void registerQuietly() {
        try {
            register();
        } catch (DBusException | RuntimeException e) {
            log.info("could not register the tray icon with the new watcher: {}", e.getMessage());
        }
    }

    @Override
    public String kind() {
        return "StatusNotifierItem";
    }

    @Override
    public synchronized void update(List<ServiceSnapshot> services) {
        TrayStatus next = TrayStatus.of(services);
        List<TrayMenu.Entry> before = dbusMenu.entries();
        List<TrayMenu.Entry> entries = menu.entries(services);
        boolean layout = dbusMenu.show(entries);
        item.show(next);
        TrayStatus previous = status;
        status = next;
        DBusConnection c = bus.connection();
        try {
            if (previous == null) {
                return; // not exported yet: hosts read everything when they find the item
            }
            if (layout) {
                c.sendMessage(new DbusMenu.LayoutUpdated(DbusMenu.PATH, new UInt32(dbusMenu.revision()), 0));
            } else {
                List<DbusMenu.ItemProperties> changed = new ArrayList<>();
                for (TrayMenu.Entry e : TrayMenu.changed(before, entries)) {
                    changed.add(new DbusMenu.ItemProperties(e.id(), SniMenu.properties(e)));
                }
                if (!changed.isEmpty()) {
                    c.sendMessage(new DbusMenu.ItemsPropertiesUpdated(DbusMenu.PATH, changed, List.of()));
                }
            }
            if (!next.sniStatus().equals(previous.sniStatus())) {
                c.sendMessage(new StatusNotifierItem.NewStatus(StatusNotifierItem.PATH, next.sniStatus()));
            }
            if (next.look() != previous.look()) {
                c.sendMessage(new StatusNotifierItem.NewIcon(StatusNotifierItem.PATH));
            }
            if (!next.tooltip().equals(previous.tooltip())) {
                c.sendMessage(new StatusNotifierItem.NewToolTip(StatusNotifierItem.PATH));
            }
        } catch (DBusException | RuntimeException e) {
            log.debug("could not tell the tray host about a change: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            watcherHandler.close();
        } catch (Exception e) {
            log.debug("removing the watcher handler: {}", e.getMessage());
        }
        DBusConnection c = bus.connection();
        try {
            c.releaseBusName(busName);
        } catch (DBusException | RuntimeException e) {
            log.debug("releasing {}: {}", busName, e.getMessage());
        }
        c.unExportObject(StatusNotifierItem.PATH);
        c.unExportObject(DbusMenu.PATH);
    }
}
