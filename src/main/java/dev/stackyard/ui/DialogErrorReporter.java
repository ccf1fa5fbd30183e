package dev.stackyard.ui;

import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Reports errors in a dialog over the main window, and logs each one once: this is where an error
 * is finally handled. Any thread. While one dialog is open, further errors are logged and counted
 * but not stacked on top of it (a failure loop must not bury the screen in dialogs).
 */
public final class DialogErrorReporter implements ErrorReporter {
    private static final Logger log = LoggerFactory.getLogger(DialogErrorReporter.class);

    private final UiExecutor ui;
    private final Supplier<Window> owner;
    private boolean open; // UI thread

    public DialogErrorReporter(UiExecutor ui, Supplier<Window> owner) {
        this.ui = ui;
        this.owner = owner;
    }

    @Override
    public void report(UserError error) {
        if (error.cause() != null) {
            log.error("{}", error.summary(), error.cause());
        } else {
            log.warn("{}", error.summary());
        }
        ui.run(() -> {
            if (open) {
                return;
            }
            open = true;
            try {
                ErrorDialog.show(owner.get(), error).setOnHidden(e -> open = false);
            } catch (RuntimeException e) {
                open = false;
                log.error("cannot show the error dialog", e);
            }
        });
    }
}
