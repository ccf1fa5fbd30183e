package dev.stackyard.ui;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;

/**
 * Runs a window command's work on the background executor and its continuation on the UI thread;
 * the one place that turns an unexpected failure of a command into a reported {@link UserError}.
 */
final class BackgroundCommands {

    private final UiExecutor ui;
    private final Executor background;
    private final ErrorReporter errors;

    BackgroundCommands(UiExecutor ui, Executor background, ErrorReporter errors) {
        this.ui = ui;
        this.background = background;
        this.errors = errors;
    }

    /**
     * Runs {@code work} on the background executor and its UI continuation on the UI thread. An
     * unexpected failure is reported once (with {@code what} as the sentence) after
     * {@code onFailure} undoes the pending marks.
     */
    void run(String what, Callable<Runnable> work, Runnable onFailure) {
        background.execute(() -> {
            Runnable then;
            try {
                then = work.call();
            } catch (IOException e) {
                ui.run(() -> {
                    onFailure.run();
                    errors.report(new UserError("Could not " + what + ": " + e.getMessage(),
                            "Check that Stackyard's folders are writable, then try again.",
                            UserError.stackTrace(e), e));
                });
                return;
            } catch (Exception | LinkageError e) {
                ui.run(() -> {
                    onFailure.run();
                    errors.report(UserError.unexpected("Could not " + what, e));
                });
                return;
            }
            ui.run(then);
        });
    }
}
