package dev.stackyard.ui;

/**
 * Shows an error to the person using the window (a dialog with the details collapsed). It is where
 * an error is finally handled, so implementations log it, once.
 *
 * <p>May be called from any thread; implementations move to the UI thread themselves.
 */
@FunctionalInterface
public interface ErrorReporter {
    void report(UserError error);
}
