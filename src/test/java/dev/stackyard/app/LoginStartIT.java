package dev.stackyard.app;

import dev.stackyard.core.process.ProcFs;
import dev.stackyard.tray.dbus.StatusNotifierWatcher;
import dev.stackyard.usecase.DesktopFileValidate;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The login start end to end, on a private Xvfb: {@code stackyard autostart on} (the packaged jar,
 * with XDG_CONFIG_HOME of the test's own) writes an entry desktop-file-validate accepts; its Exec
 * line, run as the session would, starts Stackyard hidden: with a StatusNotifierWatcher on a
 * private D-Bus the icon registers, the autostart service runs and no window is mapped; with no
 * tray (no bus, no XEmbed tray) the window is mapped and asks the window manager to minimize it
 * (ICCCM WM_CHANGE_STATE, seen on the root window by xev), its WM_CLASS the desktop entry's
 * StartupWMClass. {@code autostart off} removes the entry.
 */
class LoginStartIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    @TempDir
    Path home;
    @TempDir
    Path xdgConfig;
    private Xvfb x;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void serviceAndDisplay() throws Exception {
        AutostartWorker.writeConfig(home);
        x = Xvfb.start();
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : started.reversed()) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        workerPid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        x.close();
    }

    @Test
    void theLoginEntryStartsStackyardHiddenInTheTrayWithTheAutostartServices() throws Exception {
        Path entry = xdgConfig.resolve("autostart/stackyard.desktop");
        Run on = stackyard("autostart", "on");
        assertEquals(0, on.code(), on.output());
        assertEquals("", DesktopFileValidate.problems(entry));
        List<String> exec = execOf(Files.readString(entry));
        Path launcher = Path.of("packaging/stackyard").toAbsolutePath();
        assertEquals(List.of("env", "STACKYARD_HOME=" + home, launcher.toString(), "--hidden"), exec);
        assertTrue(Files.readString(entry).contains("\nTryExec=" + launcher + "\n"));

        try (PrivateBus bus = PrivateBus.start();
             DBusConnection host = DBusConnectionBuilder.forAddress(bus.address()).withShared(false).build()) {
            TestWatcher watcher = new TestWatcher();
            host.exportObject(watcher);
            host.requestBusName(StatusNotifierWatcher.BUS_NAME);

            // As the session runs it: its own environment, the entry's command line.
            ProcessBuilder pb = new ProcessBuilder(exec);
            pb.environment().remove("STACKYARD_HOME");
            pb.environment().put("DISPLAY", x.display());
            pb.environment().put("DBUS_SESSION_BUS_ADDRESS", bus.address());
            Process app = start(pb);

            assertTrue(watcher.registered.poll(WAIT.toSeconds(), TimeUnit.SECONDS) != null,
                    "no tray icon registered: " + appOutput());
            long worker = awaitWorker(app);
            assertTrue(ProcessHandle.of(worker).map(ProcessHandle::isAlive).orElse(false));
            awaitLog("started hidden", app);
            assertEquals(List.of(), mappedStackyardWindows(), "a window is shown");

            app.destroy(); // SIGTERM, as a logout: the services stop with it
            assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the app did not exit");
            Optional<ProcessHandle> left = ProcessHandle.of(worker);
            if (left.isPresent()) {
                left.get().onExit().get(30, TimeUnit.SECONDS);
            }
            assertFalse(ProcFs.stat(worker).filter(s -> !s.isZombie()).isPresent(), "the service outlived the app");
        }

        Run off = stackyard("autostart", "off");
        assertEquals(0, off.code(), off.output());
        assertFalse(Files.exists(entry));
    }

    @Test
    void withoutATrayTheHiddenStartShowsTheWindowMinimizedUnderItsOwnWindowClass() throws Exception {
        // No window manager here: what the app asks of one (ICCCM's WM_CHANGE_STATE to the root
        // window, the minimize request) is what xev, listening on the root, sees.
        Path requests = home.resolve("xev.out");
        ProcessBuilder xev = new ProcessBuilder("xev", "-root", "-event", "substructure").redirectErrorStream(true)
                .redirectOutput(requests.toFile());
        xev.environment().put("DISPLAY", x.display());
        start(xev);
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Dprism.order=sw",
                "-jar", System.getProperty("stackyard.jar", "target/stackyard.jar"), "--hidden"));
        pb.environment().put("STACKYARD_HOME", home.toString());
        pb.environment().put("DISPLAY", x.display());
        pb.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        Process app = start(pb);

        awaitWorker(app);
        awaitLog("no tray: the hidden window shows minimized", app);
        String window = awaitOutput(List.of("xdotool", "search", "--name", "^Stackyard$"), app).lines().findFirst().orElseThrow();
        assertEquals("Map State: IsViewable", runOnDisplay(List.of("xwininfo", "-id", window)).output().lines()
                .map(String::strip).filter(l -> l.startsWith("Map State:")).findFirst().orElse(""), "the window is not mapped");
        String minimize = "ClientMessage event, serial [0-9]+, synthetic YES, window 0x" + Long.toHexString(Long.parseLong(window.strip()))
                + ",\\s+message_type 0x[0-9a-f]+ \\(WM_CHANGE_STATE\\)";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Pattern.compile(minimize).matcher(Files.readString(requests)).find()
                && System.nanoTime() < deadline && app.isAlive()) {
            app.waitFor(100, TimeUnit.MILLISECONDS); // returns at once if the app dies
        }
        assertTrue(Pattern.compile(minimize).matcher(Files.readString(requests)).find(),
                "the window never asked to be minimized: " + Files.readString(requests) + appOutput());

        String wmClass = runOnDisplay(List.of("xprop", "-id", window, "WM_CLASS")).output().strip();
        String startupWmClass = Files.readString(Path.of("packaging/deb/stackyard.desktop")).lines()
                .filter(l -> l.startsWith("StartupWMClass=")).findFirst().orElseThrow().substring("StartupWMClass=".length());
        assertEquals("stackyard", startupWmClass);
        assertEquals("WM_CLASS(STRING) = \"" + startupWmClass + "\", \"" + startupWmClass + "\"", wmClass);
    }

    record Run(int code, String output) {
    }

    /** {@code stackyard ARGS} from the packaged jar, with this test's home and XDG_CONFIG_HOME. */
    private Run stackyard(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                System.getProperty("stackyard.jar", "target/stackyard.jar")));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(Map.of("STACKYARD_HOME", home.toString(), "XDG_CONFIG_HOME", xdgConfig.toString()));
        pb.environment().remove("DISPLAY");
        return run(pb);
    }

    private Run runOnDisplay(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DISPLAY", x.display());
        return run(pb);
    }

    private static Run run(ProcessBuilder pb) throws Exception {
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(pb.command() + " did not finish");
        }
        return new Run(p.exitValue(), out);
    }

    /** The entry's Exec, split into words (the paths here have nothing the spec would quote). */
    private static List<String> execOf(String entry) {
        String exec = entry.lines().filter(l -> l.startsWith("Exec=")).findFirst().orElseThrow().substring("Exec=".length());
        assertFalse(exec.contains("\""), exec);
        return List.of(exec.split(" "));
    }

    private Process start(ProcessBuilder pb) throws IOException {
        if (pb.redirectOutput() == ProcessBuilder.Redirect.PIPE) {
            pb.redirectErrorStream(true).redirectOutput(home.resolve("app.out").toFile());
        }
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private String appOutput() throws IOException {
        Path out = home.resolve("app.out");
        Path log = home.resolve("logs/stackyard.log");
        return "\n" + (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(log) ? Files.readString(log) : "");
    }

    private Optional<Long> workerPid() throws IOException {
        Path pidFile = home.resolve("run/processes/" + AutostartWorker.ID + ".pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String text = Files.readString(pidFile).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
    }

    private long awaitWorker(Process app) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && app.isAlive()) {
            Optional<Long> pid = workerPid();
            if (pid.isPresent()) {
                return pid.get();
            }
            app.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if the app dies
        }
        throw new AssertionError("the autostart service never started" + appOutput());
    }

    private void awaitLog(String line, Process app) throws Exception {
        Path log = home.resolve("logs/stackyard.log");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && app.isAlive()) {
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            app.waitFor(50, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("the app never logged '" + line + "'" + appOutput());
    }

    /** What {@code cmd} prints once it succeeds (xdotool search exits 1 until a window matches). */
    private String awaitOutput(List<String> cmd, Process app) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && app.isAlive()) {
            Run r = runOnDisplay(cmd);
            if (r.code() == 0 && !r.output().isBlank()) {
                return r.output();
            }
            app.waitFor(100, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError(cmd + " found nothing" + appOutput());
    }

    /** The ids of mapped (viewable) windows titled Stackyard. */
    private List<String> mappedStackyardWindows() throws Exception {
        return runOnDisplay(List.of("xdotool", "search", "--onlyvisible", "--name", "^Stackyard$")).output().lines()
                .filter(l -> !l.isBlank()).toList();
    }
}
