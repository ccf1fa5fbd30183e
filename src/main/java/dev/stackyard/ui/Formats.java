package dev.stackyard.ui;

import java.time.Duration;
import java.util.Locale;

/** How numbers look in the window. Pure functions. */
public final class Formats {
    private Formats() {
    }

    /** {@code <1m}, {@code 5m}, {@code 2h 07m}, {@code 3d 04h}; empty for null or negative. */
    public static String uptime(Duration d) {
        if (d == null || d.isNegative()) {
            return "";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return "<1m";
        }
        if (s < 3600) {
            // Whole minutes: a seconds figure would change every row's text, and so cost a layout
            // and a repaint, every second of an idle window.
            return (s / 60) + "m";
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", s / 86_400, (s % 86_400) / 3600);
    }

    /** Binary units, as {@code top} and {@code free -h} show them: {@code 812 KiB}, {@code 7.4 MiB}, {@code 1.2 GiB}. */
    public static String bytes(long bytes) {
        if (bytes < 0) {
            return "";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return value >= 100 || unit == 0
                ? String.format(Locale.ROOT, "%.0f %s", value, units[unit])
                : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** {@code 0.0 %}, {@code 3.2 %}, {@code 148 %}; one decimal below 100. */
    public static String cpu(double percent) {
        if (percent < 0 || Double.isNaN(percent)) {
            return "";
        }
        return percent >= 100
                ? String.format(Locale.ROOT, "%.0f %%", percent)
                : String.format(Locale.ROOT, "%.1f %%", percent);
    }
}
