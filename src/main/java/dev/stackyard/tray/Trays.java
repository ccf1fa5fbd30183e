package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Picks the tray the desktop offers: a StatusNotifierItem when a StatusNotifierWatcher is on the
 * session bus (KDE Plasma, GNOME with AppIndicator, XFCE, Cinnamon, Budgie), else the XEmbed tray
 * when one is on the display, else none — then one log line, and the window is the way in.
 */
public final class Trays {
    private static final Logger log = LoggerFactory.getLogger(Trays.class);

    private Trays() {
    }

    /**
     * @param bus      the session bus, or empty when there is none
     * @param useXEmbed whether the XEmbed fallback may be tried (false where AWT must not start)
     */
    public static Optional<Tray> open(Optional<DesktopBus> bus, boolean useXEmbed, TrayActions actions,
                                      List<ServiceSnapshot> services) {
        Optional<Tray> tray = bus.flatMap(b -> SniTray.open(b, actions, services));
        if (tray.isEmpty() && useXEmbed) {
            tray = AwtTray.open(actions, services);
        }
        if (tray.isEmpty()) {
            log.info("no system tray: neither a StatusNotifierWatcher nor an XEmbed tray; closing the window quits");
        } else {
            log.info("tray icon shown through {}", tray.get().kind());
        }
        return tray;
    }
}
