package dev.stackyard.tray;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The tray icon, drawn with Java2D (no display needed): the window icon's "layers" outline on a
 * rounded square whose colour tells the aggregate state — grey: nothing runs, blue: some run,
 * green: all run, red: something failed. Images are drawn once per size and look, then reused.
 */
final class TrayIcons {
    private static final Map<TrayStatus.Look, Color> COLOURS = new EnumMap<>(Map.of(
            TrayStatus.Look.IDLE, new Color(0x6e7781),
            TrayStatus.Look.PARTIAL, new Color(0x0969da),
            TrayStatus.Look.ALL_RUNNING, new Color(0x1a7f37),
            TrayStatus.Look.ATTENTION, new Color(0xcf222e)));
    /** Sizes offered to StatusNotifierItem hosts, which pick the nearest. */
    static final List<Integer> SIZES = List.of(16, 22, 24, 32, 48, 64);

    private final Map<TrayStatus.Look, Map<Integer, BufferedImage>> cache = new EnumMap<>(TrayStatus.Look.class);

    synchronized BufferedImage image(TrayStatus.Look look, int size) {
        return cache.computeIfAbsent(look, k -> new java.util.HashMap<>()).computeIfAbsent(size, s -> draw(look, s));
    }

    private static BufferedImage draw(TrayStatus.Look look, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(COLOURS.get(look));
            g.fill(new RoundRectangle2D.Double(0, 0, size, size, size * 0.45, size * 0.45));
            // Feather "layers" on its 24 x 24 grid, scaled to 62 % of the square and centred.
            double scale = size * 0.62 / 24;
            double offset = (size - 24 * scale) / 2;
            g.translate(offset, offset);
            g.scale(scale, scale);
            Path2D.Double p = new Path2D.Double();
            p.moveTo(12, 2);
            p.lineTo(2, 7);
            p.lineTo(12, 12);
            p.lineTo(22, 7);
            p.closePath();
            p.moveTo(2, 17);
            p.lineTo(12, 22);
            p.lineTo(22, 17);
            p.moveTo(2, 12);
            p.lineTo(12, 17);
            p.lineTo(22, 12);
            g.setColor(Color.WHITE);
            g.setStroke(new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(p);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** ARGB32 in network byte order, as StatusNotifierItem's IconPixmap wants it. */
    static byte[] argbBigEndian(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] out = new byte[w * h * 4];
        int i = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = img.getRGB(x, y);
                out[i++] = (byte) (argb >>> 24);
                out[i++] = (byte) (argb >>> 16);
                out[i++] = (byte) (argb >>> 8);
                out[i++] = (byte) argb;
            }
        }
        return out;
    }
}
