package dev.stackyard.app;

import dev.stackyard.config.AppDirs;
import dev.stackyard.usecase.StartAtLogin;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which program started this Stackyard, for the login entry to start it again: the .deb's
 * {@code /usr/bin/stackyard} (it says so in {@code -Dstackyard.launcher}), the app image's own
 * launcher (jpackage's {@code jpackage.app-path}), else a checkout's {@code packaging/stackyard}
 * beside the {@code target} folder this code runs from.
 */
final class LauncherPath {
    private LauncherPath() {
    }

    /** Start at login for this process's environment and launcher. */
    static StartAtLogin startAtLogin(Map<String, String> env) {
        String home = env.get(AppDirs.HOME_VARIABLE);
        Optional<Path> stackyardHome = home == null || home.isBlank() ? Optional.empty()
                : Optional.of(Path.of(home).toAbsolutePath().normalize());
        return new StartAtLogin(AppDirs.configHome(env).resolve("autostart"), find(), stackyardHome);
    }

    static Optional<Path> find() {
        for (String property : new String[] {"stackyard.launcher", "jpackage.app-path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank() && Path.of(value).isAbsolute()) {
                return Optional.of(Path.of(value));
            }
        }
        try {
            // target/stackyard.jar or target/classes -> the checkout -> packaging/stackyard
            Path code = Path.of(LauncherPath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.toAbsolutePath().getParent();
            Path script = target == null || target.getParent() == null ? null
                    : target.getParent().resolve("packaging").resolve("stackyard");
            return script != null && Files.isExecutable(script) ? Optional.of(script) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
