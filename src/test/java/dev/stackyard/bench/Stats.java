package dev.stackyard.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median, min and max of some repetitions. Immutable. */
record Stats(int n, double median, double min, double max) {

    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(n, median, sorted.getFirst(), sorted.getLast());
    }

    /** {@code 12.3 (11.0–14.2)}; with {@code signed}, {@code +1.2 (−0.3–+2.0)}. */
    String format(boolean signed) {
        return num(median, signed) + " (" + num(min, signed) + "–" + num(max, signed) + ")";
    }

    String format() {
        return format(false);
    }

    /** One decimal below 100, none above: enough for what these rows can tell apart. */
    static String num(double v, boolean signed) {
        String s = Math.abs(v) < 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v);
        if (s.startsWith("-")) {
            return "−" + s.substring(1);
        }
        return signed ? "+" + s : s;
    }
}
