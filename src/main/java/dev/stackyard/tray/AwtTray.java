package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.MenuItem;
import java.awt.PopupMenu;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fallback tray icon through {@link SystemTray}, which on Linux is the XEmbed tray
 * (freedesktop system tray protocol): trayer, stalonetray, older panels. Used only where no
 * StatusNotifierWatcher is on the bus. All AWT work runs on the AWT event thread.
 */
final class AwtTray implements Tray {
    private static final Logger log = LoggerFactory.getLogger(AwtTray.class);
    private static final int ICON_SIZE = 24;

    private final TrayActions actions;
    private final TrayMenu menu = new TrayMenu();
    private final TrayIcons icons = new TrayIcons();
    private final PopupMenu popup = new PopupMenu();
    private TrayIcon icon;
    /** AWT thread only. */
    private List<TrayMenu.Entry> shown = List.of();
    private final List<MenuItem> items = new ArrayList<>();

    private AwtTray(TrayActions actions) {
        this.actions = actions;
    }

    /** Docks the icon when an XEmbed tray is there; empty (one log line) when none is. */
    static Optional<Tray> open(TrayActions actions, List<ServiceSnapshot> services) {
        if (GraphicsEnvironment.isHeadless()) {
            log.info("no XEmbed tray: AWT runs headless");
            return Optional.empty();
        }
        try {
            if (!SystemTray.isSupported()) {
                log.info("no XEmbed system tray on this display");
                return Optional.empty();
            }
            AwtTray tray = new AwtTray(actions);
            EventQueue.invokeAndWait(() -> tray.dock(services));
            return tray.icon == null ? Optional.empty() : Optional.of(tray);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.lang.reflect.InvocationTargetException | RuntimeException | LinkageError e) {
            log.info("the XEmbed tray cannot be used: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void dock(List<ServiceSnapshot> services) {
        TrayStatus status = TrayStatus.of(services);
        TrayIcon candidate = new TrayIcon(icons.image(status.look(), ICON_SIZE), "Stackyard: " + status.tooltip(), popup);
        candidate.setImageAutoSize(true);
        candidate.addActionListener(e -> actions.openWindow());
        try {
            SystemTray.getSystemTray().add(candidate);
        } catch (AWTException e) {
            log.info("the XEmbed tray refused the icon: {}", e.getMessage());
            return;
        }
        icon = candidate;
        apply(services);
    }

    @Override
    public String kind() {
        return "XEmbed";
    }

    @Override
    public void update(List<ServiceSnapshot> services) {
        List<ServiceSnapshot> copy = List.copyOf(services);
        EventQueue.invokeLater(() -> apply(copy));
    }

    /** AWT thread: touches only the menu items and icon properties that changed. */
    private void apply(List<ServiceSnapshot> services) {
        if (icon == null) {
            return;
        }
        TrayStatus status = TrayStatus.of(services);
        List<TrayMenu.Entry> entries = menu.entries(services);
        if (!TrayMenu.sameShape(shown, entries)) {
            popup.removeAll();
            items.clear();
            for (TrayMenu.Entry e : entries) {
                if (e.separator()) {
                    popup.addSeparator();
                    items.add(null);
                    continue;
                }
                MenuItem mi = new MenuItem(e.label());
                mi.setEnabled(e.enabled());
                int id = e.id();
                mi.addActionListener(ev -> menu.activate(id, shown, actions));
                popup.add(mi);
                items.add(mi);
            }
        } else {
            for (int i = 0; i < entries.size(); i++) {
                MenuItem mi = items.get(i);
                TrayMenu.Entry e = entries.get(i);
                if (mi != null && !e.equals(shown.get(i))) {
                    mi.setLabel(e.label());
                    mi.setEnabled(e.enabled());
                }
            }
        }
        shown = entries;
        String tip = "Stackyard: " + status.tooltip();
        if (!tip.equals(icon.getToolTip())) {
            icon.setToolTip(tip);
        }
        java.awt.Image img = icons.image(status.look(), ICON_SIZE);
        if (icon.getImage() != img) {
            icon.setImage(img);
        }
    }

    @Override
    public void close() {
        try {
            EventQueue.invokeAndWait(() -> {
                if (icon != null) {
                    SystemTray.getSystemTray().remove(icon);
                    icon = null;
                }
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.lang.reflect.InvocationTargetException e) {
            log.debug("removing the tray icon: {}", e.getMessage());
        }
    }
}
