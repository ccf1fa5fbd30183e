package dev.stackyard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Rows for Stackyard as a person installs it (the .deb: /usr/bin/stackyard, /opt/stackyard), side by
 * side with {@code java -version} of the same runtime in the same run, with the ratios the start-up
 * targets are stated in (CLI ≤ 5× {@code java -version}; window first frame ≤ 0.6 s). Also the app
 * image's own jpackage launcher from target/packaging, when built. Missing copies give n/a rows.
 */
final class InstalledRows {
    static final Path INSTALLED = Path.of(System.getProperty("stackyard.installedCommand", "/usr/bin/stackyard"));
    static final Path INSTALLED_JAVA = Path.of("/opt/stackyard/lib/runtime/bin/java");
    static final String HOW = "./mvnw -B -Ppackage -DskipTests verify, then sudo apt install ./target/stackyard_*.deb";
    static final double CLI_TARGET = 5; // issue 20 (it was 8)
    static final double FRAME_TARGET_MS = 600;

    private final Report report;
    private final Path root;
    private final Path image;
    private final int reps;

    InstalledRows(Report report, Path root, Path projectDir, int reps) {
        this.report = report;
        this.root = root;
        this.image = projectDir.resolve("target/packaging/stackyard");
        this.reps = reps;
    }

    void run() throws IOException {
        String cli = "installed CLI: `stackyard status --json` (/usr/bin/stackyard, nothing running)";
        String frame = "installed window: cold start → first frame (Xvfb), spawn → marker line";
        if (!Files.isExecutable(INSTALLED) || !Files.isExecutable(INSTALLED_JAVA)) {
            report.notAvailable(cli, "n/a (not installed: " + HOW + ")");
            report.notAvailable(frame, "n/a (not installed)");
        } else {
            cliRows(cli, INSTALLED, INSTALLED_JAVA, "installed");
            frameRows(frame);
        }
        Path launcher = image.resolve("bin/stackyard");
        String imageRow = "app image: `bin/stackyard status --json` (jpackage's native launcher, target/packaging)";
        if (Files.isExecutable(launcher)) {
            cliRows(imageRow, launcher, image.resolve("lib/runtime/bin/java"), "image");
        } else {
            report.notAvailable(imageRow, "n/a (app image not built: ./mvnw -B -Ppackage -DskipTests verify)");
        }
        report.note("installed rows: /usr/bin/stackyard of the stackyard .deb (a script that execs the image's runtime"
                + " with the launcher's options and an AOT cache: stackyard-cli.aot for commands, stackyard.aot for the"
                + " window); baseline = `/opt/stackyard/lib/runtime/bin/java -version`, interleaved rep by rep."
                + " Targets: CLI ≤ " + (int) CLI_TARGET + "× that baseline, first frame ≤ " + (int) FRAME_TARGET_MS
                + " ms. The app-image row runs jpackage's own launcher, which asks rpm and dpkg which package owns it"
                + " on every start.");
    }

    private void cliRows(String what, Path command, Path java, String tag) {
        try (BenchHome home = BenchHome.create(root, "installed-" + tag)) {
            Map<String, String> env = Map.of("STACKYARD_HOME", home.root.toString());
            String aot = aotInUse(command, home.root, env, List.of("status", "--json"));
            List<Double> floor = new ArrayList<>();
            List<Double> status = new ArrayList<>();
            for (int i = 0; i < 1 + reps; i++) {
                Jvm.Result f = Jvm.run(List.of(java.toString(), "-version"), home.root, Map.of());
                Jvm.Result s = Jvm.run(List.of(command.toString(), "status", "--json"), home.root, env);
                if (f.code() != 0 || s.code() != 0) {
                    throw new IllegalStateException(command + " status --json exited " + s.code() + ": " + s.err().strip());
                }
                if (i >= 1) {
                    floor.add(f.ms());
                    status.add(s.ms());
                }
            }
            List<Double> diff = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            for (int i = 0; i < status.size(); i++) {
                diff.add(status.get(i) - floor.get(i));
                ratio.add(status.get(i) / floor.get(i));
            }
            report.row(what + "; AOT cache " + aot, Stats.of(floor).format(), Stats.of(status).format(),
                    Stats.of(diff).format(true), status.size());
            Stats r = Stats.of(ratio);
            report.row(tag + " CLI ÷ `java -version` of the same runtime (target ≤ " + (int) CLI_TARGET + "×): "
                    + (r.median() <= CLI_TARGET ? "met" : String.format(Locale.ROOT, "%.1f× over", r.median() / CLI_TARGET)),
                    "1×", r.format() + "×", null, ratio.size());
        } catch (Exception e) {
            report.error(what, e);
        }
    }

    private void frameRows(String what) {
        Process server = null;
        try (BenchHome home = BenchHome.create(root, "installed-gui")) {
            Files.writeString(home.dirs.configFile(), "services:\n  - id: worker\n    kind: process\n"
                    + "    command: [\"sleep\", \"100000\"]\n");
            server = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader displayOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String display = ":" + Jvm.readLine(displayOut, Duration.ofSeconds(20))
                    .orElseThrow(() -> new IllegalStateException("Xvfb did not report its display")).strip();
            Map<String, String> env = Map.of("STACKYARD_HOME", home.root.toString(), "DISPLAY", display,
                    "JAVA_TOOL_OPTIONS", "-Dstackyard.benchFirstFrame=true");
            List<String> bare = bareWindow(home.root, display);
            List<Double> wall = new ArrayList<>();
            List<Double> reported = new ArrayList<>();
            List<Double> bareWall = new ArrayList<>();
            List<Double> bareReported = new ArrayList<>();
            for (int i = 0; i < 1 + reps; i++) {
                Jvm.Marker b = Jvm.runUntil(bare, home.root, Map.of("DISPLAY", display), "first-frame-ms=",
                        StackyardBench.FIRST_FRAME_LIMIT);
                Jvm.Marker m = Jvm.runUntil(List.of(INSTALLED.toString()), home.root, env, "first-frame-ms=",
                        StackyardBench.FIRST_FRAME_LIMIT);
                if (m.line() == null || b.line() == null) {
                    throw new IllegalStateException("no first frame (exit " + m.code() + ", bare window " + b.code() + "): "
                            + m.err().strip() + " " + b.err().strip());
                }
                if (i >= 1) {
                    wall.add(m.ms());
                    reported.add(Double.parseDouble(m.line().substring("first-frame-ms=".length()).strip()));
                    bareWall.add(b.ms());
                    bareReported.add(Double.parseDouble(b.line().substring("first-frame-ms=".length()).strip()));
                }
            }
            Stats w = Stats.of(wall);
            report.row(what + " (target ≤ " + (int) FRAME_TARGET_MS + " ms: " + (w.median() <= FRAME_TARGET_MS ? "met"
                    : String.format(Locale.ROOT, "%.0f ms over", w.median() - FRAME_TARGET_MS)) + ")"
                    + "; baseline = a bare JavaFX window (one Label) on the same runtime, options and display,"
                    + " with an AOT cache of its own", Stats.of(bareWall).format(), w.format(),
                    StackyardBench.overheadVs(wall, bareWall), wall.size());
            report.row("installed window: first frame as the app reports it (JVM uptime); baseline the same for the bare window",
                    Stats.of(bareReported).format(), Stats.of(reported).format(), StackyardBench.overheadVs(reported, bareReported),
                    reported.size());
        } catch (Exception e) {
            report.error(what, e);
        } finally {
            if (server != null) {
                server.destroy();
                try {
                    if (!server.waitFor(5, TimeUnit.SECONDS)) {
                        server.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * The floor under the installed window: {@link BareWindow} in a jar of its own (an AOT cache
     * takes jars only), run by the installed runtime with the launcher's JVM options and an AOT cache
     * trained here once, the way packaging trains the app's.
     */
    private static List<String> bareWindow(Path dir, String display) throws Exception {
        Path classes = Path.of(BareWindow.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("bare-window.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            try (var files = Files.list(classes.resolve("dev/stackyard/bench"))) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("BareWindow")).toList()) {
                    out.putNextEntry(new java.util.jar.JarEntry("dev/stackyard/bench/" + f.getFileName()));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
        }
        List<String> options = new ArrayList<>();
        for (String line : Files.readAllLines(INSTALLED_JAVA.getParent().getParent().getParent().resolve("app/stackyard.cfg"))) {
            if (line.startsWith("java-options=") && !line.contains("AOTCache") && !line.contains("jpackage")) {
                options.add(line.substring("java-options=".length()));
            }
        }
        Path cache = dir.resolve("bare-window.aot");
        List<String> train = new ArrayList<>(List.of(INSTALLED_JAVA.toString()));
        train.addAll(options);
        train.addAll(List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=warning", "-Xlog:cds=off", "-cp", jar.toString(),
                BareWindow.class.getName(), "--first-frame"));
        Jvm.Marker trained = Jvm.runUntil(train, dir, Map.of("DISPLAY", display), "first-frame-ms=", StackyardBench.FIRST_FRAME_LIMIT);
        if (trained.line() == null || !Files.isRegularFile(cache)) {
            throw new IllegalStateException("the bare window's training run wrote no AOT cache: " + trained.err().strip());
        }
        List<String> run = new ArrayList<>(List.of(INSTALLED_JAVA.toString()));
        run.addAll(options);
        run.addAll(List.of("-XX:AOTCache=" + cache, "-cp", jar.toString(), BareWindow.class.getName(), "--first-frame"));
        return run;
    }

    /** "used" when the JVM says it runs with AOT-linked classes from its cache, else what it said. */
    private static String aotInUse(Path command, Path dir, Map<String, String> env, List<String> args)
            throws IOException, InterruptedException {
        Map<String, String> withLog = new java.util.HashMap<>(env);
        withLog.put("JAVA_TOOL_OPTIONS", "-Xlog:aot=info:stderr");
        List<String> cmd = new ArrayList<>(List.of(command.toString()));
        cmd.addAll(args);
        Jvm.Result r = Jvm.run(cmd, dir, withLog);
        if (r.err().contains("Using AOT-linked classes: true")) {
            return "used";
        }
        return r.err().lines().filter(l -> l.contains("[aot]") && (l.contains("warning") || l.contains("error")
                || l.contains("mismatch") || l.contains("disabled"))).findFirst().map(l -> "NOT used (" + l.strip() + ")")
                .orElse("NOT used");
    }
}
