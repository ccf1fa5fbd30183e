package dev.stackyard.ui;

import dev.stackyard.usecase.Browser;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * The JavaFX clipboard, and {@link Browser} for URLs (not waited for: the JDK reaps it).
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
            Browser.open(url);
            log.info("opened {} with xdg-open", url);
        } catch (IOException e) {
            errors.report(new UserError("Could not open " + url + " in a browser: " + e.getMessage(),
                    "Install xdg-utils, or copy the URL and open it yourself.", "", null));
        }
    }
}
