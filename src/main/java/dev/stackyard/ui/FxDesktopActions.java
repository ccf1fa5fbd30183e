package dev.stackyard.ui;

import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.List;

/**
 * The JavaFX clipboard, and {@code xdg-open} for URLs: started directly (no shell, so a URL is
 * never interpreted), not waited for (the JDK reaps it).
 */
public final class FxDesktopActions implements DesktopActions {
    private static final Logger log = LoggerFactory.getLogger(FxDesktopActions.class);
    private final ErrorReporter errors;

    public FxDesktopActions(ErrorReporter errors) {
        this.errors = errors;
    }

    @Override
    public void copyToClipboard(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }

    @Override
    public void openInBrowser(String url) {
        try {
            new ProcessBuilder(List.of("xdg-open", url))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            log.info("opened {} with xdg-open", url);
        } catch (IOException e) {
            errors.report(new UserError("Could not open " + url + " in a browser: " + e.getMessage(),
                    "Install xdg-utils, or copy the URL and open it yourself.", "", null));
        }
    }
}
