package dev.stackyard.ui;

/** What the window asks of the desktop. Called on the UI thread; must not block. */
public interface DesktopActions {

    /** Puts {@code text} on the system clipboard. */
    void copyToClipboard(String text);

    /** Opens {@code url} in the person's browser. */
    void openInBrowser(String url);
}
