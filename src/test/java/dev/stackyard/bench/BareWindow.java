package dev.stackyard.bench;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * The idle rows' baseline: a bare JavaFX window with one Label, started the way the app starts its
 * window ({@link Platform#startup}), at the app's window size. Prints {@code shown} once the
 * stage is up; runs until killed.
 */
public final class BareWindow {
    private BareWindow() {
    }

    public static void main(String[] args) {
        Platform.startup(() -> {
            Stage stage = new Stage();
            stage.setTitle("Bare");
            stage.setScene(new Scene(new Label("A bare JavaFX window"), 1140, 720));
            stage.show();
            System.out.println("shown");
            System.out.flush();
        });
    }
}
