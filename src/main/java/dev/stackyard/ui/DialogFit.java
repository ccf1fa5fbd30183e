package dev.stackyard.ui;

import javafx.application.Platform;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Dialog;
import javafx.stage.Screen;
import javafx.stage.Window;

import java.util.List;

/**
 * Keeps a dialog as large as what it shows, within the screen it is on: when its content grows
 * (a table's columns fitted to rows that arrived), the window grows with it, up to the screen's
 * visible area, and is moved back onto the screen. UI thread.
 */
final class DialogFit {
    /** Room left around a dialog as large as the screen. */
    private static final double MARGIN = 40;

    private DialogFit() {
    }

    /** Fits {@code dialog} now and whenever one of {@code sizes} changes. */
    static void follow(Dialog<?> dialog, List<? extends ObservableValue<?>> sizes) {
        Runnable fit = () -> Platform.runLater(() -> fit(dialog));
        for (ObservableValue<?> size : sizes) {
            size.addListener((obs, old, now) -> fit.run());
        }
        fit.run();
    }

    static void fit(Dialog<?> dialog) {
        if (!dialog.isShowing() || dialog.getDialogPane().getScene() == null) {
            return;
        }
        Window window = dialog.getDialogPane().getScene().getWindow();
        Rectangle2D screen = Screen.getScreensForRectangle(window.getX(), window.getY(), 1, 1).stream().findFirst()
                .orElse(Screen.getPrimary()).getVisualBounds();
        double maxWidth = screen.getWidth() - MARGIN;
        double maxHeight = screen.getHeight() - MARGIN;
        // Primer caps a dialog at 600 px (right for a few wrapped lines, not for a table). The cap
        // is the screen instead: wrapped labels then take their height at the width they get.
        dialog.getDialogPane().setMaxWidth(maxWidth);
        window.sizeToScene();
        if (window.getWidth() > maxWidth) {
            window.setWidth(maxWidth);
        }
        if (window.getHeight() > maxHeight) {
            window.setHeight(maxHeight);
        }
        window.setX(Math.max(screen.getMinX(), Math.min(window.getX(), screen.getMaxX() - window.getWidth())));
        window.setY(Math.max(screen.getMinY(), Math.min(window.getY(), screen.getMaxY() - window.getHeight())));
    }
}
