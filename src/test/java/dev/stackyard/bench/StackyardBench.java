package dev.stackyard.bench;

import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.ServiceManagers;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.supervise.Supervisor;
import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.service.probe.PortCheck;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static dev.stackyard.bench.RawDaemon.ms;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stackyard's speed, measured on the real daemons and printed as one markdown table (also written
 * to {@code target/bench.md}). Run it with {@code ./mvnw -q -Pbench verify}; the normal build
 * compiles it but never runs it (tag {@code bench}).
 *
 * <p>It reports and never judges: no row has a threshold. It fails only when a measurement that
 * should have been possible broke (the table is printed first). Rows for kinds, the window or tools
 * that do not exist yet say "n/a" and why. Every part runs in its own temporary STACKYARD_HOME on
 * free ports, and stops what it started (through the registry, by the child's PID, or from the
 * process manager's records) even when it fails.
 */
@Tag("bench")
class StackyardBench {
    /** Repetitions of the cheap rows (after {@link #WARMUP} untimed ones). */
    static final int REPS = 7;
    static final int WARMUP = 2;
    /** Repetitions of the rows that cost a second or a JVM each. */
    static final int SLOW_REPS = 5;
    static final List<Integer> STOP_ALL_SIZES = List.of(1, 5, 20, 50);
    static final Duration IDLE_WINDOW = Duration.ofSeconds(5);
    static final int IDLE_WINDOWS = 6;
    static final Duration EVENT_WAIT = Duration.ofSeconds(30);
    static final Duration FIRST_FRAME_LIMIT = Duration.ofSeconds(30);
    /** Exits one second after TERM, whatever its child does; the child is in its group and dies at once. */
    static final List<String> SLOW_TO_STOP = List.of("bash", "-c",
            "trap 'sleep 1; exit 0' TERM; while :; do sleep 100 & wait $!; done");

    private final Report report = new Report();
    private Path root;
    private int nextPort = 21100;

    @Test
    void run() throws Exception {
        // Passable (not listable) by others, like a home folder: as root, postgres runs as another
        // account and must traverse it to reach its data folder.
        root = Files.createTempDirectory("stackyard-bench-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        String loadBefore = loadAverage();
        long begin = System.nanoTime();
        section("start/stop per kind", this::startAndStopPerKind);
        section("stop-all", this::stopAll);
        section("crash detection", this::crashDetection);
        section("failed start", this::failedStart);
        section("supervised restart", this::supervisedRestart);
        section("CLI", this::cli);
        section("GUI", this::gui);
        section("installed", () -> new InstalledRows(report, root, projectDir(), SLOW_REPS).run());
        section("idle", this::idle);
        section("parked", () -> new ParkedRows(report, root, SLOW_REPS).run());
        section("soak", () -> new SoakRows(report, root).run());
        section("mail", () -> new MailRows(report, root).run());
        report.note(String.format("Whole run: %.0f s. Load average (1, 5, 15 min) before: %s; after: %s — other"
                + " work on the machine inflates every row, the CLI ones most.", ms(System.nanoTime() - begin) / 1000,
                loadBefore, loadAverage()));

        String table = report.markdown(heading());
        Path out = Path.of(System.getProperty("stackyard.benchReport", "target/bench.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(table);
        System.out.println("(written to " + out + ")");
        if (report.errors().isEmpty()) {
            deleteTree(root);
        } else {
            System.out.println("Logs of the failed run are kept in " + root);
        }
        assertTrue(report.errors().isEmpty(), "some measurements failed: " + report.errors());
    }

    private interface Section {
        void run() throws Exception;
    }

    /** Rows report their own failures; this catches what escapes them (a home that cannot be made). */
    private void section(String name, Section section) {
        String only = System.getProperty("stackyard.benchOnly");
        if (only != null && !only.isBlank() && !List.of(only.split(",")).contains(name)) {
            return; // -Dstackyard.benchOnly=idle,GUI runs only those sections
        }
        try {
            section.run();
        } catch (Exception e) {
            report.error(name, e);
        }
    }

    // ---------------------------------------------------------------- start and stop, per kind

    /**
     * Per kind: the raw daemon (same argv, same probe) against registry.start / registry.stop,
     * interleaved rep by rep so drift hits both alike. The overhead is the median of the per-rep
     * differences. Warm-ups (untimed) also do postgres's initdb and mariadb-install-db, once per data folder.
     */
    private void startAndStopPerKind() throws IOException {
        try (BenchHome home = BenchHome.create(root, "kinds")) {
            for (ServiceKind kind : List.of(ServiceKind.named("redis"), ServiceKind.named("nginx"), ServiceKind.named("php-fpm"), ServiceKind.named("postgres"),
                    ServiceKind.named("mariadb"))) {
                String id = kind.configName();
                String startRow = "start → ready: " + id;
                String stopRow = "stop → returned: " + id;
                ServiceDefinition def = definition(kind, id);
                ServiceDefinition rawDef = definition(kind, "raw-" + id);
                ServiceManager raw;
                try {
                    raw = ServiceManagers.create(rawDef, home.env);
                } catch (UnsupportedOperationException e) {
                    report.notAvailable(startRow, "n/a (not built)");
                    report.notAvailable(stopRow, "n/a (not built)");
                    continue;
                }
                Optional<Installation> installation = raw.installation();
                if (installation.isEmpty()) {
                    report.notAvailable(startRow, "n/a (" + raw.notInstalledHint() + ")");
                    report.notAvailable(stopRow, "n/a (not installed)");
                    continue;
                }
                startRow += " " + installation.get().version();
                stopRow += " " + installation.get().version();
                try {
                    ServiceRegistry registry = home.registry(List.of(def));
                    List<Double> rawStart = new ArrayList<>();
                    List<Double> rawStop = new ArrayList<>();
                    List<Double> syStart = new ArrayList<>();
                    List<Double> syStop = new ArrayList<>();
                    for (int i = 0; i < WARMUP + REPS; i++) {
                        RawDaemon.Cycle r = RawDaemon.cycle(raw, home);
                        long t0 = System.nanoTime();
                        ServiceSnapshot started = registry.start(id);
                        long t1 = System.nanoTime();
                        require(started.state() == ServiceState.RUNNING, id + " is " + started.state() + " after start");
                        long t2 = System.nanoTime();
                        ServiceSnapshot stopped = registry.stop(id);
                        long t3 = System.nanoTime();
                        require(stopped.state() == ServiceState.STOPPED && stopped.lastError() == null,
                                id + " after stop: " + stopped.state() + " " + stopped.lastError());
                        if (i >= WARMUP) {
                            rawStart.add(r.startMs());
                            rawStop.add(r.stopMs());
                            syStart.add(ms(t1 - t0));
                            syStop.add(ms(t3 - t2));
                        }
                    }
                    compare(startRow, rawStart, syStart);
                    compare(stopRow, rawStop, syStop);
                } catch (Exception e) {
                    report.error(startRow + " / " + stopRow, e);
                }
            }
        }
        report.note("start → ready: baseline = the daemon spawned directly with the argv, folder and environment the"
                + " kind's manager prepares (postgres and mariadb as root: through setpriv), polled every 1 ms with the same"
                + " readiness check; Stackyard = ServiceRegistry.start in-process (port check, prepare/config"
                + " rendering, setsid, state record, probe back-off 1→25 ms). Overhead = median of per-rep differences.");
        report.note("stop → returned: baseline = first signal of the kind's stop ladder sent to the daemon, until"
                + " the JDK sees it exit; Stackyard = ServiceRegistry.stop (ladder, wait for exit, sweep of the"
                + " process group and tree, file removal). redis acts on TERM in its 100 ms timer (hz 10), so its"
                + " stop is mostly that wait, and a single rep can land anywhere in it.");
    }

    private void compare(String what, List<Double> baseline, List<Double> stackyard) {
        List<Double> diff = new ArrayList<>();
        for (int i = 0; i < baseline.size(); i++) {
            diff.add(stackyard.get(i) - baseline.get(i));
        }
        report.row(what, Stats.of(baseline).format(), Stats.of(stackyard).format(), Stats.of(diff).format(true),
                baseline.size());
    }

    private ServiceDefinition definition(ServiceKind kind, String id) {
        Integer port = kind == ServiceKind.named("php-fpm") ? null : freePort();
        return ServiceDefinition.of(id, kind, port);
    }

    private static ServiceDefinition process(String id, List<String> command, Map<String, String> env) {
        return ServiceDefinition.builder(id, ServiceKind.named("process")).command(command).env(env).build();
    }

    private int freePort() {
        int port = PortCheck.findFree(nextPort);
        nextPort = port + 1;
        return port;
    }

    // ---------------------------------------------------------------- stop-all

    /** N process services that each need 1 s after TERM: a parallel stop takes ~1 s whatever N. */
    private void stopAll() throws IOException {
        try (BenchHome home = BenchHome.create(root, "stop-all")) {
            for (int n : STOP_ALL_SIZES) {
                stopAllFloor(n);
                String what = "stop-all of " + n + " process service" + (n == 1 ? "" : "s") + " needing 1 s after TERM";
                try {
                    List<ServiceDefinition> defs = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        defs.add(process("slow-" + n + "-" + i, SLOW_TO_STOP, Map.of()));
                    }
                    ServiceRegistry registry = home.registry(defs);
                    List<Double> walls = new ArrayList<>();
                    for (int rep = 0; rep < SLOW_REPS; rep++) {
                        requireAllOk(registry.startAll(), "start");
                        long t0 = System.nanoTime();
                        Map<String, ServiceRegistry.Outcome> stopped = registry.stopAll();
                        long t1 = System.nanoTime();
                        requireAllOk(stopped, "stop");
                        for (ServiceSnapshot s : registry.snapshots()) {
                            require(s.state() == ServiceState.STOPPED, s.id() + " is " + s.state() + " after stopAll");
                        }
                        walls.add(ms(t1 - t0));
                    }
                    List<Double> over = walls.stream().map(w -> w - 1000.0).toList();
                    report.row(what, "1000 (ideal)", Stats.of(walls).format(), Stats.of(over).format(true), walls.size());
                } catch (Exception e) {
                    report.error(what, e);
                }
            }
        }
        report.note("stop-all: ServiceRegistry.stopAll() wall time; each service is `bash -c \"" + SLOW_TO_STOP.get(2)
                + "\"`, which exits 1 s after TERM, so the ideal parallel stop takes 1000 ms for any N. The floor rows"
                + " run the same commands in sessions of their own, TERM each group and await the exits, with nothing"
                + " else: what they take over 1000 ms is bash's own (forking its `sleep 1`, exiting), not Stackyard's.");
    }

    /** The floor row beside each stop-all row: the same N commands, TERM'd and awaited with nothing else. */
    private void stopAllFloor(int n) {
        String what = "stop-all floor: " + n + " such bash" + (n == 1 ? "" : "es") + ", group TERM and exits awaited, no Stackyard";
        try {
            List<Double> walls = new ArrayList<>();
            for (int rep = 0; rep < SLOW_REPS; rep++) {
                walls.add(StopAllFloor.once(n, SLOW_TO_STOP));
            }
            List<Double> over = walls.stream().map(w -> w - 1000.0).toList();
            report.row(what, "1000 (ideal)", Stats.of(walls).format(), Stats.of(over).format(true), walls.size());
        } catch (Exception e) {
            report.error(what, e);
        }
    }

    private static void requireAllOk(Map<String, ServiceRegistry.Outcome> outcomes, String what) {
        for (var e : outcomes.entrySet()) {
            if (!e.getValue().ok()) {
                throw new IllegalStateException(what + " of " + e.getKey() + " failed: " + e.getValue().error().getMessage(),
                        e.getValue().error());
            }
        }
    }

    // ---------------------------------------------------------------- crash detection

    /** An outside {@code kill -9} of a running service until a registry listener sees FAILED. */
    private void crashDetection() throws IOException {
        try (BenchHome home = BenchHome.create(root, "crash")) {
            ServiceDefinition redis = ServiceDefinition.of("crash-redis", ServiceKind.named("redis"), freePort());
            ServiceDefinition proc = process("crash-process", List.of("sleep", "100000"), Map.of());
            ServiceRegistry registry = home.registry(List.of(redis, proc));
            StateClock clock = new StateClock(registry);
            for (ServiceDefinition d : List.of(redis, proc)) {
                String what = "crash: kill -9 → FAILED event: " + d.kind();
                if (d.kind() == ServiceKind.named("redis") && registry.manager(d.id()).orElseThrow().installation().isEmpty()) {
                    report.notAvailable(what, "n/a (redis not installed)");
                    continue;
                }
                try {
                    List<Double> times = new ArrayList<>();
                    for (int i = 0; i < WARMUP + REPS; i++) {
                        long pid = registry.start(d.id()).pid();
                        CompletableFuture<StateClock.Stamp> failed = clock.arm(d.id(), ServiceState.FAILED);
                        // The service is this JVM's own, not yet reaped child: its PID cannot be reused.
                        long t0 = System.nanoTime();
                        Libc.kill(pid, 9);
                        StateClock.Stamp s = await(failed, d.id() + " reported FAILED");
                        require(s.snapshot().lastError() != null && s.snapshot().lastError().contains("unexpectedly"),
                                d.id() + " failed with: " + s.snapshot().lastError());
                        if (i >= WARMUP) {
                            times.add(ms(s.nanos() - t0));
                        }
                    }
                    report.row(what, null, Stats.of(times).format(), null, times.size());
                } catch (Exception e) {
                    report.error(what, e);
                }
            }
        }
        report.note("crash: the benchmark sends KILL to the service's PID (kill(2)) and stamps the moment a"
                + " ServiceListener receives the FAILED snapshot (JDK reaper → process event → registry worker).");
    }

    // ---------------------------------------------------------------- failed start

    /**
     * A daemon that dies by itself during its start: from its exit (it stamps the wall clock with
     * bash's builtin $EPOCHREALTIME just before exit 3, no fork in between) to FAILED being reported.
     */
    private void failedStart() throws IOException {
        String what = "failed start: daemon's exit → FAILED event (process, exit 3)";
        String whatCall = "failed start: daemon's exit → start() throws (process, exit 3)";
        try (BenchHome home = BenchHome.create(root, "failed-start")) {
            Path stamp = home.root.resolve("exit-stamp");
            ServiceDefinition d = process("dies", List.of("bash", "-c",
                    "sleep 0.2; printf %s \"$EPOCHREALTIME\" > '" + stamp + "'; exit 3"), Map.of("LC_ALL", "C"));
            ServiceRegistry registry = home.registry(List.of(d));
            StateClock clock = new StateClock(registry);
            List<Double> toEvent = new ArrayList<>();
            List<Double> toThrow = new ArrayList<>();
            for (int i = 0; i < WARMUP + REPS; i++) {
                Files.deleteIfExists(stamp);
                CompletableFuture<StateClock.Stamp> failed = clock.arm(d.id(), ServiceState.FAILED);
                Instant thrownAt;
                try {
                    registry.start(d.id());
                    throw new IllegalStateException("a command that exits 3 was reported as started");
                } catch (ServiceException e) {
                    thrownAt = Instant.now();
                    require(e.getMessage().contains("exit code 3"), "the failure does not give the exit status: " + e.getMessage());
                }
                StateClock.Stamp s = await(failed, d.id() + " reported FAILED");
                Instant exitedAt = parseEpochRealtime(Files.readString(stamp).strip());
                if (i >= WARMUP) {
                    toEvent.add(Duration.between(exitedAt, s.at()).toNanos() / 1e6);
                    toThrow.add(Duration.between(exitedAt, thrownAt).toNanos() / 1e6);
                }
            }
            report.row(what, null, Stats.of(toEvent).format(), null, toEvent.size());
            report.row(whatCall, null, Stats.of(toThrow).format(), null, toThrow.size());
        } catch (Exception e) {
            report.error(what, e);
        }
        report.note("failed start: a `process` service `bash -c 'sleep 0.2; …; exit 3'` that dies during its"
                + " readiness wait; measured from its own wall-clock stamp just before exit to the FAILED"
                + " listener event and to ServiceRegistry.start throwing (includes killing the group and removing"
                + " its files). A redis on a taken port never spawns: the registry's port check refuses it first.");
    }

    private static Instant parseEpochRealtime(String text) {
        String[] parts = text.split("\\.");
        long micros = parts.length > 1 ? Long.parseLong((parts[1] + "000000").substring(0, 6)) : 0;
        return Instant.ofEpochSecond(Long.parseLong(parts[0]), micros * 1000);
    }

    // ---------------------------------------------------------------- command line

    /** Each command a fresh JVM running target/stackyard.jar, as a person (or a script) runs it. */
    private void cli() throws IOException {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            report.notAvailable("CLI", "n/a (" + jar + " not built: run through the bench profile)");
            return;
        }
        try (BenchHome home = BenchHome.create(root, "cli")) {
            int port = freePort();
            Files.writeString(home.dirs.configFile(), "services:\n  - id: cache\n    kind: redis\n    port: " + port + "\n");
            try {
                List<Double> floor = new ArrayList<>();
                List<Double> start = new ArrayList<>();
                List<Double> status = new ArrayList<>();
                List<Double> stop = new ArrayList<>();
                List<Double> script = new ArrayList<>();
                Path launcher = projectDir().resolve("packaging/stackyard");
                for (int i = 0; i < 1 + SLOW_REPS; i++) {
                    Jvm.Result f = Jvm.run(List.of(javaBin(), "-version"), home.root, Map.of());
                    Jvm.Result a = stackyard(home, "start", "cache");
                    Jvm.Result b = stackyard(home, "status", "--json");
                    require(b.out().contains("\"RUNNING\""), "status after start does not say RUNNING: " + b.out());
                    Jvm.Result c = stackyard(home, "stop", "cache");
                    Jvm.Result d = Files.isExecutable(launcher)
                            ? Jvm.run(List.of(launcher.toString(), "status", "--json"), home.root,
                                    Map.of("STACKYARD_HOME", home.root.toString()))
                            : null;
                    for (Jvm.Result r : Stream.of(f, a, b, c, d).filter(java.util.Objects::nonNull).toList()) {
                        require(r.code() == 0, String.join(" ", r.command()) + " exited " + r.code() + ": " + r.err());
                    }
                    if (i >= 1) {
                        floor.add(f.ms());
                        start.add(a.ms());
                        status.add(b.ms());
                        stop.add(c.ms());
                        if (d != null) {
                            script.add(d.ms());
                        }
                    }
                }
                String floorText = Stats.of(floor).format();
                report.row("CLI `status --json` (redis running)", floorText, Stats.of(status).format(),
                        overheadVs(status, floor), status.size());
                report.row("CLI `start cache` (redis)", floorText, Stats.of(start).format(), overheadVs(start, floor), start.size());
                report.row("CLI `stop cache` (redis)", floorText, Stats.of(stop).format(), overheadVs(stop, floor), stop.size());
                if (!script.isEmpty()) {
                    report.row("CLI `packaging/stackyard status --json` (launcher script, redis stopped)", floorText,
                            Stats.of(script).format(), overheadVs(script, floor), script.size());
                }
            } catch (Exception e) {
                report.error("CLI", e);
            } finally {
                try {
                    stackyard(home, "stop", "--all");
                } catch (Exception e) {
                    System.err.println("bench: CLI stop --all failed: " + e);
                }
            }
        }
        report.note("CLI: wall time of one `java --enable-native-access=ALL-UNNAMED -jar target/stackyard.jar …`"
                + " (what packaging/stackyard execs), from spawn to exit; baseline = `java -version` on the same JDK"
                + " (the JVM's own floor). The launcher-script row runs packaging/stackyard, which first asks each"
                + " candidate JDK for its version.");
    }

    private Jvm.Result stackyard(BenchHome home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "--enable-native-access=ALL-UNNAMED", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        return Jvm.run(cmd, home.root, Map.of("STACKYARD_HOME", home.root.toString()));
    }

    /** The per-rep differences {@code values - floor}, formatted as a row's overhead column. */
    static String overheadVs(List<Double> values, List<Double> floor) {
        List<Double> diff = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            diff.add(values.get(i) - floor.get(i));
        }
        return Stats.of(diff).format(true);
    }

    // ---------------------------------------------------------------- window

    /**
     * Cold start to first frame under a private Xvfb. Needs the app's hook: with
     * {@code -Dstackyard.benchFirstFrame=true} it prints {@code first-frame-ms=N} once the first
     * frame is on screen, and exits.
     */
    private void gui() throws IOException {
        String what = "GUI cold start → first frame (Xvfb)";
        Optional<Path> xvfb = onPath("Xvfb");
        if (xvfb.isEmpty()) {
            report.notAvailable(what, "skipped (Xvfb not installed: apt install xvfb)");
            return;
        }
        if (!Files.isRegularFile(jar())) {
            report.notAvailable(what, "n/a (jar not built)");
            return;
        }
        Process server = null;
        try (BenchHome home = BenchHome.create(root, "gui")) {
            Files.writeString(home.dirs.configFile(), "services:\n  - id: worker\n    kind: process\n"
                    + "    command: [\"sleep\", \"100000\"]\n");
            server = new ProcessBuilder(xvfb.get().toString(), "-displayfd", "1", "-screen", "0", "1280x1024x24",
                    "-nolisten", "tcp").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader displayOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String display = ":" + Jvm.readLine(displayOut, Duration.ofSeconds(20))
                    .orElseThrow(() -> new IllegalStateException("Xvfb did not report its display")).strip();
            List<Double> wall = new ArrayList<>();
            List<Double> reported = new ArrayList<>();
            List<Double> bareWall = new ArrayList<>();
            List<Double> bareReported = new ArrayList<>();
            // The floor, interleaved rep by rep: a bare JavaFX window (one Label) from the same class path.
            List<String> bare = List.of(javaBin(), "--enable-native-access=ALL-UNNAMED", "-cp",
                    jar() + ":" + Path.of(BareWindow.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                    BareWindow.class.getName(), "--first-frame");
            for (int i = 0; i < 1 + SLOW_REPS; i++) {
                Jvm.Marker b = Jvm.runUntil(bare, home.root, Map.of("DISPLAY", display), "first-frame-ms=", FIRST_FRAME_LIMIT);
                if (b.line() == null) {
                    throw new IllegalStateException("the bare window exited " + b.code() + " before its first frame: "
                            + b.err().strip());
                }
                List<String> cmd = List.of(javaBin(), "--enable-native-access=ALL-UNNAMED", "-Dstackyard.benchFirstFrame=true",
                        "-jar", jar().toString());
                Jvm.Marker m = Jvm.runUntil(cmd, home.root, Map.of("STACKYARD_HOME", home.root.toString(), "DISPLAY", display),
                        "first-frame-ms=", FIRST_FRAME_LIMIT);
                if (m.line() == null) {
                    if (m.err().contains("not built yet")) {
                        report.notAvailable(what, "n/a (window not built yet)");
                    } else if (m.timedOut()) {
                        report.notAvailable(what, "n/a (no first-frame-ms line within " + FIRST_FRAME_LIMIT.toSeconds()
                                + " s: the window lacks the -Dstackyard.benchFirstFrame hook)");
                    } else {
                        throw new IllegalStateException("the window exited " + m.code() + " before its first frame: "
                                + m.err().strip());
                    }
                    return;
                }
                if (i >= 1) {
                    wall.add(m.ms());
                    reported.add(Double.parseDouble(m.line().substring("first-frame-ms=".length()).strip()));
                    bareWall.add(b.ms());
                    bareReported.add(Double.parseDouble(b.line().substring("first-frame-ms=".length()).strip()));
                }
            }
            report.row(what + ", spawn → marker line; baseline = a bare JavaFX window (one Label), same class path",
                    Stats.of(bareWall).format(), Stats.of(wall).format(), overheadVs(wall, bareWall), wall.size());
            report.row(what + ", as the app reports it (JVM uptime); baseline the same for the bare window",
                    Stats.of(bareReported).format(), Stats.of(reported).format(), overheadVs(reported, bareReported),
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

    // ---------------------------------------------------------------- idle cost

    /** The window open, the window hidden in the tray, and a bare JavaFX window: see {@link IdleWindowRows}. */
    private void idle() throws Exception {
        if (!Files.isRegularFile(jar())) {
            report.notAvailable("idle rows", "n/a (jar not built)");
            return;
        }
        try (BenchHome home = BenchHome.create(root, "idle")) {
            new IdleWindowRows(report, javaBin(), jar()).run(home, freePort());
        } catch (Exception e) {
            report.error("idle rows", e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String heading() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // keep "unknown CPU"
        }
        return "### Benchmark: " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), JDK "
                + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + "), Linux "
                + System.getProperty("os.version") + ", " + LocalDate.now()
                + "\n\nMedian (min–max) of n repetitions after untimed warm-ups; lower is better; nothing here is a pass/fail threshold.";
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static StateClock.Stamp await(CompletableFuture<StateClock.Stamp> f, String what)
            throws InterruptedException, ExecutionException {
        try {
            return f.get(EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("never " + what + " within " + EVENT_WAIT);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static Path jar() {
        return Path.of(System.getProperty("stackyard.jar", "target/stackyard.jar")).toAbsolutePath();
    }

    private static Path projectDir() {
        return Path.of(System.getProperty("stackyard.projectDir", ".")).toAbsolutePath();
    }

    /** This JVM's own java: the build runs the benchmark on the JDK 25 toolchain. */
    private static String javaBin() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static Optional<Path> which(String program) {
        return onPath(program);
    }

    private static Optional<Path> onPath(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/bin:/bin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, program))
                .filter(Files::isExecutable).findFirst();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    // ---------------------------------------------------------------- supervised restart

    /**
     * A crash under the supervisor with {@code backoff.initial: 0}: from the KILL to RUNNING again (new
     * PID), against the same registry's own start of the service (stop, then start → RUNNING) in the
     * same rep: the difference is what supervision adds (exit event → decision → BACKOFF → start).
     */
    private void supervisedRestart() throws IOException {
        SupervisionPolicy policy = new SupervisionPolicy(SupervisionPolicy.Restart.ON_FAILURE,
                new SupervisionPolicy.Backoff(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60)), 10_000,
                SupervisionPolicy.Health.DEFAULT, SupervisionPolicy.Logs.DEFAULT);
        try (BenchHome home = BenchHome.create(root, "restart")) {
            ServiceDefinition redis = ServiceDefinition.of("sv-redis", ServiceKind.named("redis"), freePort()).withSupervision(policy);
            ServiceDefinition proc = process("sv-process", List.of("sleep", "100000"), Map.of()).withSupervision(policy);
            ServiceRegistry registry = home.registry(List.of(redis, proc));
            StateClock clock = new StateClock(registry);
            try (Supervisor _ = new Supervisor(registry, home.dirs.runDir()).start()) {
                for (ServiceDefinition d : List.of(redis, proc)) {
                    String what = "supervised restart: kill -9 → RUNNING again (backoff 0): " + d.kind();
                    if (d.kind() == ServiceKind.named("redis") && registry.manager(d.id()).orElseThrow().installation().isEmpty()) {
                        report.notAvailable(what, "n/a (redis not installed)");
                        continue;
                    }
                    try {
                        List<Double> starts = new ArrayList<>();
                        List<Double> restarts = new ArrayList<>();
                        for (int i = 0; i < WARMUP + REPS; i++) {
                            registry.stop(d.id());
                            long s0 = System.nanoTime();
                            long pid = registry.start(d.id()).pid();
                            long s1 = System.nanoTime();
                            CompletableFuture<StateClock.Stamp> running = clock.arm(d.id(), ServiceState.RUNNING);
                            long t0 = System.nanoTime();
                            Libc.kill(pid, 9);
                            StateClock.Stamp s = await(running, d.id() + " running again");
                            require(s.snapshot().pid() != null && s.snapshot().pid() != pid, d.id() + " came back with the old PID");
                            if (i >= WARMUP) {
                                starts.add(ms(s1 - s0));
                                restarts.add(ms(s.nanos() - t0));
                            }
                        }
                        compare(what, starts, restarts);
                    } catch (Exception e) {
                        report.error(what, e);
                    }
                }
            }
            registry.stopAll();
        }
        report.note("supervised restart: baseline = ServiceRegistry.start of the stopped service until it returns"
                + " RUNNING; Stackyard = kill(2) KILL of its PID until a ServiceListener sees RUNNING with a new PID,"
                + " the Supervisor's doing (exit event → FAILED → decision → BACKOFF → start), backoff.initial 0.");
    }
}
