package dev.stackyard.usecase;

import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * Opens a URL in the person's browser with {@code xdg-open}, for the window and the CLI alike:
 * started directly (no shell, so a URL is never interpreted), its output discarded, its input
 * {@code /dev/null}. The one place Stackyard launches {@code xdg-open}.
 */
public final class Browser {
    private Browser() {
    }

    /**
     * Starts {@code xdg-open url} and returns at once. The caller may wait for the process (the CLI
     * does, to report a failure) or not (the window: the JDK reaps it).
     *
     * @throws IOException when {@code xdg-open} cannot be started (xdg-utils not installed)
     */
    public static Process open(String url) throws IOException {
        return new ProcessBuilder(List.of("xdg-open", url))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }
}
