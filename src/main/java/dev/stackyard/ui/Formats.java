package dev.stackyard.ui;

import java.time.Duration;
import java.util.Locale;

/** How numbers look in the window. Pure functions. */
public final class Formats {
    private Formats() {
    }

    /** {@code 42s}, {@code 5m 03s}, {@code 2h 07m}, {@code 3d 04h}; empty for null or negative. */
    public static String uptime(Duration d) {
        if (d == null || d.isNegative()) {
            return "";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
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
