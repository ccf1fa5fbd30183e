package dev.stackyard.app;

import dev.stackyard.config.AppDirs;

/** Opens the window. Until the window exists, says how to use the command line. */
final class WindowLauncher {
    private WindowLauncher() {
    }

    static int launch(AppDirs dirs) {
        System.err.println("The window is not built yet; use a command, e.g. `stackyard status`. See --help.");
        return 2;
    }
}
