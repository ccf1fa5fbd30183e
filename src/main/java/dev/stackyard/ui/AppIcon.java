package dev.stackyard.ui;

import javafx.scene.Group;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.SVGPath;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;

import java.util.List;

/**
 * The window icon, drawn at start (Feather's "layers" outline, white on a rounded accent-blue
 * square), so there is no bitmap to keep in step. Drawn as a path rather than from the icon font,
 * which is not loaded before a scene shows. UI thread.
 */
public final class AppIcon {
    static final Color BACKGROUND = Color.web("#0969da"); // Primer's accent blue
    /** Feather "layers", on its 24 x 24 grid. */
    private static final String LAYERS = "M12 2 L2 7 L12 12 L22 7 Z M2 17 L12 22 L22 17 M2 12 L12 17 L22 12";

    private AppIcon() {
    }

    public static List<Image> images() {
        return List.of(draw(16), draw(32), draw(48), draw(64), draw(128));
    }

    static Image draw(int size) {
        Rectangle square = new Rectangle(size, size, BACKGROUND);
        square.setArcWidth(size * 0.45);
        square.setArcHeight(size * 0.45);
        SVGPath layers = new SVGPath();
        layers.setContent(LAYERS);
        layers.setFill(Color.TRANSPARENT);
        layers.setStroke(Color.WHITE);
        layers.setStrokeWidth(2);
        layers.setStrokeLineCap(StrokeLineCap.ROUND);
        layers.setStrokeLineJoin(StrokeLineJoin.ROUND);
        double scale = size * 0.62 / 24;
        layers.setScaleX(scale);
        layers.setScaleY(scale);
        StackPane pane = new StackPane(square, new Group(layers));
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.TRANSPARENT);
        return pane.snapshot(params, null);
    }
}
