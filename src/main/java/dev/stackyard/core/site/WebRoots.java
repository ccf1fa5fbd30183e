package dev.stackyard.core.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which folder of a project nginx serves: {@code public/} (Laravel, Symfony), else {@code web/}
 * (older Symfony, Craft, Drupal's composer layout), else the project folder itself.
 */
public final class WebRoots {
    static final List<String> CANDIDATES = List.of("public", "web");

    private WebRoots() {
    }

    /** The web root of the project in {@code dir}; {@code dir} itself when it has no known layout. */
    public static Path detect(Path dir) {
        for (String candidate : CANDIDATES) {
            Path p = dir.resolve(candidate);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return dir;
    }
}
