package dev.stackyard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's one table: a row per measurement, each cell "median (min–max)". Rows that could
 * not be measured say why ("n/a (not built)"); rows that failed say "error: …" and are collected,
 * so the run still prints everything and fails only at the end.
 */
final class Report {
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    /** A measured row. {@code baseline} and {@code overhead} may be null (shown as "—"). */
    void row(String what, String baseline, String stackyard, String overhead, int n) {
        rows.add(new String[]{what, dash(baseline), dash(stackyard), dash(overhead), n > 0 ? Integer.toString(n) : "—"});
        print(rows.getLast());
    }

    /** A row that could not be measured on this machine or at this stage of the project. */
    void notAvailable(String what, String why) {
        row(what, null, why, null, 0);
    }

    void error(String what, Throwable e) {
        String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        msg = msg.lines().findFirst().orElse(msg);
        errors.add(what + ": " + msg);
        row(what, null, "error: " + msg.replace("|", "\\|"), null, 0);
        System.err.println("bench: " + what + " failed");
        e.printStackTrace(System.err);
    }

    void note(String text) {
        notes.add(text);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    String markdown(String heading) {
        StringBuilder sb = new StringBuilder(heading).append("\n\n");
        sb.append("| measurement (ms unless stated) | baseline | Stackyard | Stackyard − baseline | n |\n");
        sb.append("|---|---|---|---|---|\n");
        for (String[] r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            sb.append('\n');
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
        }
        return sb.toString();
    }

    private static String dash(String s) {
        return s == null ? "—" : s;
    }

    private static void print(String[] r) {
        System.out.println("bench: " + String.join(" | ", r));
    }
}
