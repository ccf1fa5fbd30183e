package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceSnapshot;

import java.util.List;

/**
 * A tray icon with Stackyard's menu, whichever way the desktop shows it. {@link #update} may be
 * called from any thread, as often as states change: a tray sends only what changed.
 */
public interface Tray extends AutoCloseable {

    /** "StatusNotifierItem" or "XEmbed", for the log and the README's table. */
    String kind();

    /** Shows these services' states (menu entries, icon, tooltip). Any thread; never blocks for long. */
    void update(List<ServiceSnapshot> services);

    /** Removes the icon. */
    @Override
    void close();
}
