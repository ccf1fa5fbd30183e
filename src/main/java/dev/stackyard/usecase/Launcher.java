package dev.stackyard.usecase;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The program that started this Stackyard, for what must start it again: PHP's
 * {@code sendmail_path} and the login entry. The .deb's {@code /usr/bin/stackyard} and a
 * checkout's {@code packaging/stackyard} say so in {@code -Dstackyard.launcher}; jpackage's own
 * launcher (the app image) in {@code jpackage.app-path}.
 */
public final class Launcher {
    static final String PROPERTY = "stackyard.launcher";

    private Launcher() {
    }

    /** The launcher a property names (absolute paths only). */
    public static Optional<Path> named() {
        for (String property : List.of(PROPERTY, "jpackage.app-path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank() && Path.of(value).isAbsolute()) {
                return Optional.of(Path.of(value).normalize());
            }
        }
        return Optional.empty();
    }

    /**
     * {@link #named()}, else a checkout's {@code packaging/stackyard} beside the {@code target}
     * folder this code runs from (target/stackyard.jar or target/classes), when it is executable.
     */
    public static Optional<Path> find() {
        Optional<Path> named = named();
        if (named.isPresent()) {
            return named;
        }
        try {
            Path code = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.toAbsolutePath().getParent();
            Path script = target == null || target.getParent() == null ? null
                    : target.getParent().resolve("packaging").resolve("stackyard");
            return script != null && Files.isExecutable(script) ? Optional.of(script) : Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
