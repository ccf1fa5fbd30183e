package dev.stackyard.ui;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * The window's one-time line on a desktop with no tray (plain GNOME): closing the window stops the
 * services, and how to get a tray. Shown until dismissed; the app remembers the dismissal.
 * UI thread.
 */
public final class NoTrayNotice {
    public static final String TEXT = "This desktop has no tray, so closing this window stops your services. "
            + "For a tray on GNOME, install the AppIndicator extension (Debian package "
            + "gnome-shell-extension-appindicator) and turn it on in Extensions.";

    private final ReadOnlyBooleanWrapper shown = new ReadOnlyBooleanWrapper(this, "shown", false);
    private final Runnable remember;

    /** @param remember records the dismissal so the line never comes back (called once, on the UI thread) */
    public NoTrayNotice(Runnable remember) {
        this.remember = remember;
    }

    public ReadOnlyBooleanProperty shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The desktop turned out to have no tray (and the line was never dismissed). */
    public void show() {
        shown.set(true);
    }

    /** The close button: hides the line and remembers that. */
    public void dismiss() {
        if (shown.get()) {
            shown.set(false);
            remember.run();
        }
    }
}
