package dev.stackyard.app;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;

/**
 * Runs work once the window's first frame is on its way to the screen: what the first look at the
 * window does not need (supervision, the Sites tab, the tray) then does not delay it.
 */
final class AfterFirstFrame {
    private AfterFirstFrame() {
    }

    /** Queues {@code action} on the UI thread behind the next pulse (the one that renders). UI thread. */
    static void run(Runnable action) {
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                Platform.runLater(action); // after this pulse has rendered the scene
            }
        }.start();
    }
}
