package dev.stackyard.bench;

import dev.stackyard.faults.Soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The benchmark's {@code soak} section: the long variant of {@code faults.SoakTest} (ten services
 * under a supervisor, one killed and brought back {@value #KILLS} times while the config changes
 * {@value #CHANGES} times), printing threads, descriptors, RSS, heap and the bytes under
 * STACKYARD_HOME after a warm-up (baseline column) and at the end.
 */
final class SoakRows {
    static final int KILLS = 1_000;
    static final int CHANGES = 200;
    private static final int WARM_KILLS = 50;
    private static final int WARM_CHANGES = 10;

    private final Report report;
    private final Path root;

    SoakRows(Report report, Path root) {
        this.report = report;
        this.root = root;
    }

    void run() throws Exception {
        Path home = Files.createDirectory(root.resolve("soak"));
        try (Soak soak = new Soak(home)) {
            soak.run(WARM_KILLS, WARM_CHANGES);
            Soak.Figures warm = soak.measure();
            long t0 = System.nanoTime();
            soak.run(KILLS - WARM_KILLS, CHANGES - WARM_CHANGES);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            Soak.Figures end = soak.measure();
            String what = "soak (" + KILLS + " kills, " + CHANGES + " config changes): ";
            row(what + "threads", warm.threads(), end.threads());
            row(what + "open file descriptors", warm.fds(), end.fds());
            row(what + "RSS (KiB)", warm.rssKiB(), end.rssKiB());
            row(what + "heap after GC (KiB)", warm.heapKiB(), end.heapKiB());
            row(what + "files under STACKYARD_HOME", warm.files().size(), end.files().size());
            row(what + "bytes under STACKYARD_HOME", warm.fileBytes(), end.fileBytes());
            String largest = end.files().entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .limit(4).map(e -> e.getKey() + " " + e.getValue() + " B").reduce((a, b) -> a + ", " + b).orElse("");
            report.note("soak: baseline = after a warm-up of " + WARM_KILLS + " kills and " + WARM_CHANGES
                    + " changes; Stackyard = at the end; the rest took " + took.toSeconds() + " s ("
                    + took.toMillis() / (KILLS - WARM_KILLS) + " ms a kill, restart included). Largest files at the end: "
                    + largest + " (victim.log capped at " + Soak.VICTIM_LOG_CAP / 1024 + " KiB, checked every 10 s).");
            if (soak.victimProcesses() != 1) {
                report.error(what + "victim processes", new IllegalStateException(soak.victimProcesses() + " victims run"));
            }
        }
    }

    private void row(String what, long warm, long end) {
        report.row(what, Long.toString(warm), Long.toString(end), String.format("%+d", end - warm), KILLS);
    }
}
