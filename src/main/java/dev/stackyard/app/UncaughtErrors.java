package dev.stackyard.app;

import dev.stackyard.ui.ErrorReporter;
import dev.stackyard.ui.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The last resort for exceptions nobody caught (on the UI thread or any other): the same dialog as
 * every other error, which logs it once. Before the window exists, it is only logged.
 */
final class UncaughtErrors {
    private static final Logger log = LoggerFactory.getLogger(UncaughtErrors.class);

    private UncaughtErrors() {
    }

    static void install(Supplier<ErrorReporter> reporter) {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            try {
                ErrorReporter r = reporter.get();
                if (r == null) {
                    log.error("unexpected error in thread {}", thread.getName(), error);
                } else {
                    r.report(UserError.unexpected("Something unexpected went wrong", error));
                }
            } catch (RuntimeException | LinkageError e) {
                // Never throw from here: that would lose the original error.
                log.error("unexpected error in thread {}", thread.getName(), error);
            }
        });
    }
}
