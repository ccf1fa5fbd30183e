package dev.stackyard.bench;

import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.kind.WebKindsTestSupport;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.usecase.StackyardSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 20 §3: how long a new sub-folder of a parked folder takes to be answered, found by the
 * session's watch (no command), next to the same change applied by {@code site reload} (the
 * command alone, as before the watch). Each rep makes a new sub-folder and polls its name.
 */
final class ParkedRows {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final Report report;
    private final Path root;
    private final int reps;

    ParkedRows(Report report, Path root, int reps) {
        this.report = report;
        this.root = root;
        this.reps = reps;
    }

    void run() throws Exception {
        String what = "parked sub-folder: mkdir → answered (ms); baseline: mkdir + `site reload` without the watch";
        Path home = Files.createDirectories(root.resolve("parked"));
        int port = PortCheck.findFree(22100);
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: web
                    kind: nginx
                    port: %d
                """.formatted(port));
        Path parked = Files.createDirectories(home.resolve("code"));
        AppDirs dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        List<Double> command = new ArrayList<>();
        List<Double> watched = new ArrayList<>();
        try (StackyardSession session = new StackyardSession(dirs)) {
            try {
                session.reload();
                session.sites().park(parked, null, null);
                session.start(List.of("web")).forEach((id, outcome) -> {
                    if (!outcome.ok()) {
                        throw new IllegalStateException(id + " did not start: " + outcome.error().getMessage());
                    }
                });
                for (int i = 0; i < reps + 1; i++) { // the first rep warms up
                    long t0 = System.nanoTime();
                    make(parked, "cmd" + i);
                    session.sites().reload();
                    await(port, "cmd" + i);
                    if (i > 0) {
                        command.add((System.nanoTime() - t0) / 1e6);
                    }
                }
                session.watchConfig();
                for (int i = 0; i < reps + 1; i++) {
                    long t0 = System.nanoTime();
                    make(parked, "w" + i);
                    await(port, "w" + i);
                    if (i > 0) {
                        watched.add((System.nanoTime() - t0) / 1e6);
                    }
                }
            } finally {
                session.stopAll();
            }
        }
        report.row(what, Stats.of(command).format(), Stats.of(watched).format(), null, watched.size());
    }

    private static void make(Path parked, String name) throws IOException {
        Path dir = Files.createDirectories(parked.resolve(name));
        Files.writeString(dir.resolve("index.html"), name);
    }

    /** Polls with a short back-off until the sub-folder's name answers with its page. */
    private static void await(int port, String name) throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!WebKindsTestSupport.get(port, name + ".localhost:" + port, "/").body().equals(name)) {
            if (System.nanoTime() > deadline) {
                throw new IOException(name + ".localhost not answered within " + DEADLINE.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
