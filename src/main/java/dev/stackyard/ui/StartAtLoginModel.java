package dev.stackyard.ui;

import dev.stackyard.usecase.StartAtLogin;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The View menu's "Start Stackyard at login": whether Stackyard's autostart entry is there (read
 * again each time the menu opens, since the desktop's settings may have removed it), and the
 * command that writes or removes it. Properties change on the UI thread only; the file work runs
 * in the background, one task after the other in the order asked, so the property ends on what
 * the last of them found (a read that overtook an earlier write could otherwise be undone by it).
 */
public final class StartAtLoginModel {
    private final StartAtLogin login;
    private final UiExecutor ui;
    private final Executor background;
    private final ErrorReporter errors;
    private final ReadOnlyBooleanWrapper on = new ReadOnlyBooleanWrapper(this, "on", false);
    /** The last file task asked for; the next one runs after it. */
    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

    public StartAtLoginModel(StartAtLogin login, UiExecutor ui, Executor background, ErrorReporter errors) {
        this.login = login;
        this.ui = ui;
        this.background = background;
        this.errors = errors;
    }

    /** Whether the entry is there and the desktop starts it (as last read). */
    public ReadOnlyBooleanProperty onProperty() {
        return on.getReadOnlyProperty();
    }

    /** Reads the entry again (background); {@link #onProperty()} follows. */
    public void refresh() {
        inOrder(() -> {
            try {
                boolean now = login.status().on();
                ui.run(() -> on.set(now));
            } catch (IOException e) {
                ui.run(() -> on.set(false));
            }
        });
    }

    /** Writes ({@code true}) or removes the entry; a failure is reported and the property shows what is there. */
    public void set(boolean wanted) {
        inOrder(() -> {
            try {
                boolean now = (wanted ? login.enable() : login.disable()).on();
                ui.run(() -> on.set(now));
            } catch (IOException e) {
                errors.report(new UserError("Could not " + (wanted ? "turn on" : "turn off") + " starting at login: "
                        + e.getMessage(), "", "", e));
                refresh();
            }
        });
    }

    private synchronized void inOrder(Runnable task) {
        last = last.exceptionally(failed -> null).thenRunAsync(task, background); // a failed task does not stop the next
    }
}
