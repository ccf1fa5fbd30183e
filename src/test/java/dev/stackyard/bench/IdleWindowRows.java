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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The idle rows: on one private Xvfb (with openbox, so a close is a person's close, and trayer, so
 * there is a tray), side by side in one run and with the same JVM flags: a bare JavaFX window (one
 * Label), the real window with 10 services running (9 {@code process} sleeps and a redis), and the
 * same window hidden in the tray. Each is left alone for {@link StackyardBench#IDLE_WINDOWS}
 * windows of {@link StackyardBench#IDLE_WINDOW}; CPU from /proc/PID/stat, RSS from /proc/PID/status.
 */
final class IdleWindowRows {
    private static final String[] BASE_FLAGS = {"--enable-native-access=ALL-UNNAMED"};
    /** The packaged app's JVM flags, as packaging/stackyard and the packages pass them. */
    private static final Path JVM_OPTIONS = Path.of("packaging/jvm.options");
    /**
     * Long enough for start-up to be over before measuring: the C1 compiler thread was still the
     * window's largest CPU user 20-50 s after its start (by hand, per-thread /proc figures), and a
     * window left open all day is measured after that.
     */
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final Report report;
    private final String javaBin;
    private final Path jar;

    IdleWindowRows(Report report, String javaBin, Path jar) {
        this.report = report;
        this.javaBin = javaBin;
        this.jar = jar;
    }

    /** A measured quiet spell of one JVM. */
    private record Idle(List<Double> cpuPercent, double rssMiB, long threads) {
    }

    void run(BenchHome home, int redisPort) throws Exception {
        String what = "idle, window open (10 services running): CPU, % of one core per "
                + StackyardBench.IDLE_WINDOW.toSeconds() + " s window";
        for (String tool : List.of("Xvfb", "openbox", "trayer", "wmctrl")) {
            if (StackyardBench.which(tool).isEmpty()) {
                report.notAvailable(what, "skipped (" + tool + " not installed: see .ci/run)");
                return;
            }
        }
        List<Process> started = new ArrayList<>();
        try {
            Process x = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            started.add(x);
            String display = ":" + Jvm.readLine(new BufferedReader(new InputStreamReader(x.getInputStream(),
                    StandardCharsets.UTF_8)), Duration.ofSeconds(20)).orElseThrow().strip();
            Map<String, String> env = Map.of("DISPLAY", display);
            started.add(start(List.of("openbox"), home.root.resolve("openbox.log"), env));
            started.add(start(List.of("trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
                    "--SetDockType", "true"), home.root.resolve("trayer.log"), env));

            // GTK 3 probes the display's GL visuals once per X server and keeps the answer on its
            // root window: the first GTK client maps Mesa and LLVM for that (about 50 MiB resident),
            // the later ones do not. On a desktop some GTK program was always first; here a
            // throwaway bare window is, so neither measured JVM pays for the probe.
            Process primer = start(cmd("-cp", jar + ":" + classes(), BareWindow.class.getName()),
                    home.root.resolve("primer.log"), env);
            started.add(primer);
            awaitLine(home.root.resolve("primer.log"), "shown", primer);
            primer.destroy();
            primer.waitFor(30, TimeUnit.SECONDS);

            // The baseline first, alone on the display, then closed.
            Process bare = start(cmd("-cp", jar + ":" + classes(), BareWindow.class.getName()),
                    home.root.resolve("bare.log"), env);
            started.add(bare);
            awaitLine(home.root.resolve("bare.log"), "shown", bare);
            Idle bareIdle = measure(bare);
            bare.destroy();
            bare.waitFor(30, TimeUnit.SECONDS);

            StringBuilder yaml = new StringBuilder("services:\n  - id: cache\n    kind: redis\n    port: " + redisPort
                    + "\n    autostart: true\n");
            for (int i = 1; i < 10; i++) {
                yaml.append("  - id: worker-").append(i).append("\n    kind: process\n    command: [\"sleep\", \"100000\"]\n")
                        .append("    autostart: true\n");
            }
            Files.writeString(home.dirs.configFile(), yaml.toString());
            Map<String, String> appEnv = Map.of("DISPLAY", display, "STACKYARD_HOME", home.root.toString());
            Process app = start(cmd("-jar", jar.toString()), home.root.resolve("app.log"), appEnv);
            started.add(app);
            Path appLog = home.dirs.logDir().resolve("stackyard.log");
            awaitLine(appLog, "tray icon shown through XEmbed", app);
            List<Path> pidFiles = new ArrayList<>(List.of(home.dirs.runDir().resolve("cache/redis.pid")));
            for (int i = 1; i < 10; i++) {
                pidFiles.add(home.dirs.runDir().resolve("processes/worker-" + i + ".pid"));
            }
            awaitFiles(pidFiles, app);
            Idle open = measure(app);

            Process close = start(List.of("wmctrl", "-c", "Stackyard"), home.root.resolve("wmctrl.log"), env);
            require(close.waitFor(10, TimeUnit.SECONDS) && close.exitValue() == 0, "wmctrl -c Stackyard failed");
            awaitLine(appLog, "window hidden to the XEmbed tray", app);
            Idle hidden = measure(app);

            report.row(what, Stats.of(bareIdle.cpuPercent()).format(), Stats.of(open.cpuPercent()).format(),
                    Stats.num(median(open.cpuPercent()) - median(bareIdle.cpuPercent()), true), open.cpuPercent().size());
            report.row("idle, hidden in the XEmbed tray (10 services running): CPU, % of one core per "
                            + StackyardBench.IDLE_WINDOW.toSeconds() + " s window", null,
                    Stats.of(hidden.cpuPercent()).format(), null, hidden.cpuPercent().size());
            report.row("idle RSS, MiB: window open (" + open.threads() + " threads) → hidden in the XEmbed tray",
                    Stats.num(bareIdle.rssMiB(), false) + " (bare)", Stats.num(open.rssMiB(), false) + " → "
                            + Stats.num(hidden.rssMiB(), false), null, 1);
            app.destroy(); // SIGTERM: the app stops its services, then exits
            if (!app.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the window did not exit on SIGTERM");
            }

            // The same again with a StatusNotifierItem host (KDE Plasma, GNOME's AppIndicator
            // extension, XFCE, Cinnamon): the tray icon over D-Bus, so no AWT in the process.
            if (StackyardBench.which("dbus-daemon").isPresent()) {
                try (SniHost host = SniHost.start()) {
                    Process sni = start(cmd("-jar", jar.toString()), home.root.resolve("app-sni.log"), Map.of("DISPLAY",
                            display, "STACKYARD_HOME", home.root.toString(), "DBUS_SESSION_BUS_ADDRESS", host.address()));
                    started.add(sni);
                    awaitLine(appLog, "tray icon shown through StatusNotifierItem", sni);
                    awaitFiles(pidFiles, sni);
                    Process closeSni = start(List.of("wmctrl", "-c", "Stackyard"), home.root.resolve("wmctrl.log"), env);
                    require(closeSni.waitFor(10, TimeUnit.SECONDS) && closeSni.exitValue() == 0, "wmctrl -c Stackyard failed");
                    awaitLine(appLog, "window hidden to the StatusNotifierItem tray", sni);
                    Idle sniHidden = measure(sni);
                    report.row("idle, hidden in the StatusNotifierItem tray (10 services running): CPU, % of one core per "
                                    + StackyardBench.IDLE_WINDOW.toSeconds() + " s window", null,
                            Stats.of(sniHidden.cpuPercent()).format(), null, sniHidden.cpuPercent().size());
                    report.row("idle RSS, MiB: hidden in the StatusNotifierItem tray (" + sniHidden.threads() + " threads)",
                            null, Stats.num(sniHidden.rssMiB(), false), null, 1);
                    sni.destroy();
                    if (!sni.waitFor(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the window did not exit on SIGTERM");
                    }
                }
            }
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                Process p = started.get(i);
                if (p.isAlive()) {
                    p.destroy();
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
        report.note("idle: one private Xvfb with openbox and trayer; the same JVM flags (" + String.join(" ", flags())
                + ") for the bare JavaFX window (one Label, 1140 x 720) and the app (target/stackyard.jar, 9 `process`"
                + " sleeps and 1 redis, all autostart), after a throwaway bare window (GTK's GL probe, once per display);"
                + " each left alone " + SETTLE.toSeconds() + " s, then "
                + StackyardBench.IDLE_WINDOWS + " windows of " + StackyardBench.IDLE_WINDOW.toSeconds() + " s measured;"
                + " \"hidden\" = closed with wmctrl -c (as a person's click), which hides it to the XEmbed tray (trayer);"
                + " then the app once more with a StatusNotifierWatcher on a private dbus-daemon, hidden to that tray."
                + " utime+stime from /proc/PID/stat, VmRSS from /proc/PID/status at the end.");
    }

    /** The flags both JVMs get: the base ones and packaging/jvm.options ('#' starts a comment). */
    static List<String> flags() throws IOException {
        List<String> f = new ArrayList<>(List.of(BASE_FLAGS));
        for (String line : Files.readAllLines(JVM_OPTIONS)) {
            String opt = line.replaceAll("#.*", "").strip();
            if (!opt.isEmpty()) {
                f.add(opt);
            }
        }
        return f;
    }

    private List<String> cmd(String... rest) throws IOException {
        List<String> c = new ArrayList<>(List.of(javaBin));
        c.addAll(flags());
        c.addAll(List.of(rest));
        return c;
    }

    private static Path classes() throws Exception {
        return Path.of(BareWindow.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Process start(List<String> cmd, Path log, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("DBUS_SESSION_BUS_ADDRESS"); // the XEmbed tray, the same on every machine,
        pb.environment().putAll(env); // unless a bus is given
        return pb.start();
    }

    /** Waits (on the process's exit or a 100 ms tick) until {@code file} holds every marker. */
    private static void awaitLine(Path file, String marker, Process p, String... more) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file);
                boolean all = text.contains(marker);
                for (String m : more) {
                    all &= text.contains(m);
                }
                if (all) {
                    return;
                }
            }
            if (p.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("exited " + p.exitValue() + " before '" + marker + "' in " + file);
            }
        }
        throw new IllegalStateException("no '" + marker + "' in " + file + " within 90 s");
    }

    /** Waits (on the process's exit or a 100 ms tick) until every file exists: the services run. */
    private static void awaitFiles(List<Path> files, Process p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (files.stream().allMatch(Files::exists)) {
                return;
            }
            if (p.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("exited " + p.exitValue() + " before every service ran");
            }
        }
        throw new IllegalStateException("not every service ran within 90 s: " + files.stream().filter(f -> !Files.exists(f)).toList());
    }

    private static Idle measure(Process p) throws Exception {
        try {
            p.onExit().get(SETTLE.toMillis(), TimeUnit.MILLISECONDS);
            throw new IllegalStateException("exited early with " + p.exitValue());
        } catch (TimeoutException settled) {
            // settled: measure
        }
        long pid = p.pid();
        List<Double> percent = new ArrayList<>();
        long ticks = cpuTicks(pid);
        long last = System.nanoTime();
        for (int w = 0; w < StackyardBench.IDLE_WINDOWS; w++) {
            try {
                p.onExit().get(StackyardBench.IDLE_WINDOW.toNanos(), TimeUnit.NANOSECONDS);
                throw new IllegalStateException("exited early with " + p.exitValue());
            } catch (TimeoutException e) {
                // a full window passed with the JVM alive: sample it
            }
            long now = System.nanoTime();
            long t = cpuTicks(pid);
            percent.add(100.0 * (t - ticks) / 100 / ((now - last) / 1e9)); // USER_HZ = 100
            ticks = t;
            last = now;
        }
        return new Idle(percent, statusKb(pid, "VmRSS") / 1024.0, statusKb(pid, "Threads"));
    }

    private static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long statusKb(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).strip().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + key + " in /proc/" + pid + "/status");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
