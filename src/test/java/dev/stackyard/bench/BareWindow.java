package dev.stackyard.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

import java.lang.management.ManagementFactory;

/**
 * The window rows' baseline: a bare JavaFX window with one Label, started the way the app starts its
 * window ({@link Platform#startup}), at the app's window size. Prints {@code shown} once the
 * stage is up and runs until killed (the idle rows); with {@code --first-frame} it prints
 * {@code first-frame-ms=N} (JVM uptime) at the first frame and exits, as the app's own
 * {@code -Dstackyard.benchFirstFrame} hook does (the start-up rows' floor).
 */
public final class BareWindow {
    private BareWindow() {
    }

    public static void main(String[] args) {
        boolean firstFrame = args.length == 1 && args[0].equals("--first-frame");
        Platform.startup(() -> {
            Stage stage = new Stage();
            stage.setTitle("Bare");
            stage.setScene(new Scene(new Label("A bare JavaFX window"), 1140, 720));
            stage.show();
            if (firstFrame) {
                new AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        stop();
                        System.out.println("first-frame-ms=" + ManagementFactory.getRuntimeMXBean().getUptime());
                        System.out.flush();
                        Platform.exit();
                        Thread.ofPlatform().daemon(true).start(() -> System.exit(0));
                    }
                }.start();
            } else {
                System.out.println("shown");
                System.out.flush();
            }
        });
    }
}
