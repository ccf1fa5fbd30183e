package dev.stackyard.app;

/** What the tray and the second-launch request ask of the window. Any thread; returns at once. */
interface WindowControl {
    /** Shows the window (out of the tray) and brings it to the front. */
    void showWindow();

    /** Shows the window on this service's log. */
    void showLog(String serviceId);

    /** Stops every service, then exits. */
    void quit();
}
