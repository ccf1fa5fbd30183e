package dev.stackyard.app;

import dev.stackyard.config.AppDirs;
import dev.stackyard.usecase.Launcher;
import dev.stackyard.usecase.StartAtLogin;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The login entry for this process: its environment's STACKYARD_HOME and config home, and the
 * launcher that started it ({@link Launcher#find}).
 */
final class LauncherPath {
    private LauncherPath() {
    }

    /** Start at login for this process's environment and launcher. */
    static StartAtLogin startAtLogin(Map<String, String> env) {
        String home = env.get(AppDirs.HOME_VARIABLE);
        Optional<Path> stackyardHome = home == null || home.isBlank() ? Optional.empty()
                : Optional.of(Path.of(home).toAbsolutePath().normalize());
        return new StartAtLogin(AppDirs.configHome(env).resolve("autostart"), Launcher.find(), stackyardHome);
    }
}
