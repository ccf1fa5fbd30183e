package dev.stackyard.core.service;

import java.util.List;
import java.util.Optional;

/** Version strings as people type them: "17" means the newest 17.x, "17.11.0" exactly that. Pure. */
public final class Versions {
    private Versions() {
    }

    /** Numeric, dot by dot: "17.10.0" is newer than "17.9.0"; a missing part counts as 0. */
    public static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int xi = i < x.length ? parse(x[i]) : 0;
            int yi = i < y.length ? parse(y[i]) : 0;
            if (xi != yi) {
                return Integer.compare(xi, yi);
            }
        }
        return 0;
    }

    /** Whether {@code version} is {@code wanted} or lies under it ("17" covers "17.11.0", not "170.1"). */
    public static boolean matches(String wanted, String version) {
        return version.equals(wanted) || version.startsWith(wanted + ".");
    }

    /** The newest of {@code candidates} that {@link #matches} {@code wanted}. */
    public static Optional<String> pick(String wanted, List<String> candidates) {
        return candidates.stream().filter(v -> matches(wanted, v)).max(Versions::compare);
    }

    /** "17.11.0" → "17"; "9.6.24" → "9.6" (before 10, the major had two parts). */
    public static String major(String version) {
        String[] parts = version.split("\\.");
        if (parts.length > 1 && parse(parts[0]) < 10) {
            return parts[0] + "." + parts[1];
        }
        return parts[0];
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
