package dev.stackyard.tray;

/**
 * What the tray's menu and notifications ask of the app: the same commands the window's toolbar
 * and rows run (the app routes them to the window's view model). Called on D-Bus or AWT threads;
 * implementations hand the work on and return at once.
 */
public interface TrayActions {
    /** Starts the service when it can start, else stops it when it can stop. */
    void toggle(String serviceId);

    void startAll();

    void stopAll();

    /** Shows the window (out of the tray) and brings it to the front. */
    void openWindow();

    /** Shows the window on this service's log. */
    void showLog(String serviceId);

    /** Quits: stops every service, then exits. */
    void quit();
}
