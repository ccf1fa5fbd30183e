package dev.stackyard.app;

import dev.stackyard.core.service.ServiceState;
import dev.stackyard.ui.ServiceRowViewModel;
import dev.stackyard.ui.ServicesViewModel;
import dev.stackyard.ui.UiExecutor;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The README screenshot: with {@code -Dstackyard.screenshot=PATH}, once the autostart services run
 * and show their figures, the window's scene is written to PATH as PNG and the app quits (stopping
 * them). A tool for the docs, not a feature: no menu shows it.
 */
final class Screenshots {
    private static final Logger log = LoggerFactory.getLogger(Screenshots.class);
    /** Give up waiting for figures after this many checks (of 250 ms) and take it as it is. */
    private static final int MAX_CHECKS = 60;

    private Screenshots() {
    }

    /** Runs {@code action} on the UI thread once every running row shows CPU and memory. */
    static void whenSettled(ServicesViewModel model, ScheduledExecutorService ticks, UiExecutor ui, Runnable action) {
        check(model, ticks, ui, action, 0);
    }

    private static void check(ServicesViewModel model, ScheduledExecutorService ticks, UiExecutor ui, Runnable action,
                              int round) {
        ticks.schedule(() -> ui.run(() -> {
            if (settled(model) || round >= MAX_CHECKS) {
                action.run();
            } else {
                check(model, ticks, ui, action, round + 1);
            }
        }), 250, TimeUnit.MILLISECONDS);
    }

    /** Whether every running row shows its figures. UI thread. */
    static boolean settled(ServicesViewModel model) {
        for (ServiceRowViewModel row : model.rows()) {
            if (row.state() == ServiceState.STARTING || row.state() == ServiceState.STOPPING) {
                return false;
            }
            if (row.state() == ServiceState.RUNNING && row.cpuProperty().get().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Snapshots {@code scene} (UI thread), writes it in the background, then runs {@code then}. */
    static void take(Scene scene, Path target, Executor background, Runnable then) {
        WritableImage image = scene.snapshot(null);
        background.execute(() -> {
            try {
                write(image, target);
                log.info("screenshot written to {}", target.toAbsolutePath());
            } catch (IOException e) {
                log.error("cannot write the screenshot to {}", target, e);
            } finally {
                then.run();
            }
        });
    }

    static void write(WritableImage image, Path target) throws IOException {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(out, "png", target.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}
