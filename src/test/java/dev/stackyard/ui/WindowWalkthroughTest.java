package dev.stackyard.ui;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import dev.stackyard.app.StackyardContext;
import dev.stackyard.app.WindowApp;
import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.service.probe.PortCheck;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real window, headless, over a real redis and a real process, in a Stackyard home of its
 * own. Drives it through node ids as a person would with the mouse and keyboard; checks the
 * processes in /proc, not in the window's word.
 */
class WindowWalkthroughTest {
    
    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private final WindowQueries ui = new WindowQueries(robot, this::timeoutContext);
    private final AtomicInteger exits = new AtomicInteger();
    private AppDirs dirs;
    private ServerSocket taken;
    private int cachePort;
    private WindowApp app;
    private Stage stage;

    @BeforeEach
    void openTheWindow() throws Exception {
        Daemons.require(ServiceKind.named("redis"));
        taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        cachePort = PortCheck.findFree(23_000);
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: cache
                    kind: redis
                    port: %d
                  - id: busy
                    kind: redis
                    port: %d
                  - id: worker
                    kind: process
                    command: ["sleep", "1000"]
                """.formatted(cachePort, taken.getLocalPort()), StandardCharsets.UTF_8);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        app = WindowApp.create(dirs, exits::incrementAndGet);
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> app.show(stage));
    }

    @AfterEach
    void stopEverythingTheTestStarted() throws Exception {
        try {
            if (app != null) {
                app.quit().get(60, TimeUnit.SECONDS);
            }
        } finally {
            if (dirs != null) {
                // Whatever a failed assertion left running, the CLI's own stop --all removes.
                try (StackyardContext cli = new StackyardContext(dirs)) {
                    cli.registry().stopAll();
                }
            }
            if (taken != null) {
                taken.close();
            }
        }
    }

    @Test
    void walkthrough() throws Exception {
        // Every configured service is listed, none running.
        ui.waitUntil("three rows", () -> robot.lookup("#servicesTable").queryAs(TableView.class).getItems().size() == 3);
        for (String id : new String[] {"cache", "busy", "worker"}) {
            ui.waitUntil(id + " stopped", () -> "STOPPED".equals(ui.text("#state-" + id)));
        }
        assertEquals(Integer.toString(cachePort), ui.fx(() -> ui.text("#port-cache")));

        // Start turns the real redis RUNNING with the PID of a live process; figures follow.
        robot.clickOn("#start-cache");
        ui.waitUntil("cache running", () -> "RUNNING".equals(ui.text("#state-cache")));
        long pid = Long.parseLong(ui.fx(() -> ui.text("#pid-cache")));
        assertTrue(alive(pid), "PID " + pid + " is not alive");
        ui.waitUntil("cache memory shown", () -> !ui.text("#memory-cache").isEmpty());
        assertTrue(ui.fx(() -> ui.button("#start-cache").isDisabled()));
        assertFalse(ui.fx(() -> ui.button("#stop-cache").isDisabled()));

        // Stop turns it STOPPED and the process is gone.
        robot.clickOn("#stop-cache");
        ui.waitUntil("cache stopped", () -> "STOPPED".equals(ui.text("#state-cache")));
        assertFalse(alive(pid), "PID " + pid + " survived the stop");
        assertEquals("", ui.fx(() -> ui.text("#pid-cache")));

        // A redis whose port another program holds fails, and says why in its row.
        robot.clickOn("#start-busy");
        ui.waitUntil("busy failed", () -> "FAILED".equals(ui.text("#state-busy")));
        String reason = ui.fx(() -> ui.text("#error-busy"));
        assertTrue(reason.contains("port " + taken.getLocalPort() + " is already in use"), reason);
        // The whole reason is one click away, and so is its log.
        robot.clickOn("#details-busy");
        ui.waitUntil("details dialog", () -> ui.lookup("#errorDialog").isPresent());
        DialogPane details = robot.lookup("#errorDialog").queryAs(DialogPane.class);
        assertEquals(reason, ui.fx(details::getHeaderText));
        robot.clickOn(ui.fx(() -> details.lookupButton(ButtonType.CLOSE)));
        ui.waitUntil("details dialog closed", () -> ui.lookup("#errorDialog").isEmpty());
        robot.clickOn("#log-busy");
        ui.waitUntil("log pane shows busy", () -> ui.text("#logTitle").equals("Log of busy"));

        // What the command line does while the window is open shows up on its own.
        assertEquals(0, cli("start", "cache"));
        ui.waitUntil("cache adopted from the CLI", () -> "RUNNING".equals(ui.text("#state-cache")));
        long cliPid = Long.parseLong(ui.fx(() -> ui.text("#pid-cache")));
        assertTrue(alive(cliPid));
        assertEquals(0, cli("stop", "cache"));
        ui.waitUntil("cache stopped by the CLI", () -> "STOPPED".equals(ui.text("#state-cache")));
        assertFalse(alive(cliPid));

        addDialogRefusesADuplicateIdAndTakenPorts();

        // Start all: what can run runs; the busy port fails again.
        robot.clickOn("#startAll");
        ui.waitUntil("cache running", () -> "RUNNING".equals(ui.text("#state-cache")));
        ui.waitUntil("worker running", () -> "RUNNING".equals(ui.text("#state-worker")));
        ui.waitUntil("busy failed", () -> "FAILED".equals(ui.text("#state-busy")));
        long cache = Long.parseLong(ui.fx(() -> ui.text("#pid-cache")));
        long worker = Long.parseLong(ui.fx(() -> ui.text("#pid-worker")));
        assertTrue(alive(cache) && alive(worker));

        // Quit (the menu's command) stops everything that runs, then exits once.
        app.quit().get(60, TimeUnit.SECONDS);
        assertFalse(alive(cache), "cache survived quit");
        assertFalse(alive(worker), "worker survived quit");
        assertEquals(1, exits.get());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(ui.fx(stage::isShowing), "the window is still open");
    }

    private void addDialogRefusesADuplicateIdAndTakenPorts() throws Exception {
        robot.clickOn("#addService");
        ui.waitUntil("the dialog with a suggested port", () -> ui.lookup("#addPort").isPresent()
                && !robot.lookup("#addPort").queryTextInputControl().getText().isEmpty());

        robot.clickOn("#addId").write("cache");
        ui.waitUntil("duplicate id refused", () -> ui.text("#addIdError").contains("already exists"));
        assertTrue(ui.fx(() -> ui.button("#addOk").isDisabled()));

        robot.clickOn("#addId").push(KeyCode.END).eraseText(5).write("app-db");
        ui.waitUntil("id accepted", () -> ui.text("#addIdError").isEmpty());

        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            typePort(Integer.toString(other.getLocalPort()));
            ui.waitUntil("port held by a live process refused", () -> ui.text("#addPortError").contains("in use"));
            assertTrue(ui.fx(() -> ui.button("#addOk").isDisabled()));
        }

        typePort(Integer.toString(cachePort));
        ui.waitUntil("port of the config refused", () -> ui.text("#addPortError").contains("used by 'cache'"));
        assertTrue(ui.fx(() -> ui.button("#addOk").isDisabled()));

        typePort(Integer.toString(PortCheck.findFree(cachePort + 1)));
        ui.waitUntil("OK enabled for a free port", () -> !ui.button("#addOk").isDisabled());

        String before = Files.readString(home.resolve("stackyard.yaml"));
        robot.clickOn("#addCancel");
        ui.waitUntil("dialog closed", () -> ui.lookup("#addOk").isEmpty());
        assertEquals(before, Files.readString(home.resolve("stackyard.yaml")), "cancel changed the config");
    }

    @Test
    void changesOfTheConfigMadeElsewhereShowUpByThemselves() throws Exception {
        ui.waitUntil("three rows", () -> robot.lookup("#servicesTable").queryAs(TableView.class).getItems().size() == 3);
        Path config = home.resolve("stackyard.yaml");
        String original = Files.readString(config);

        // The CLI adds an instance: its row appears without File > Reload config.
        assertEquals(0, cli("add", "postgres", "pg-cli", "--port", Integer.toString(PortCheck.findFree(24_000))));
        ui.waitUntil("pg-cli row", () -> "STOPPED".equals(ui.text("#state-pg-cli")));

        // A running service whose definition is edited keeps running and says a restart applies it.
        robot.clickOn("#start-worker");
        ui.waitUntil("worker running", () -> "RUNNING".equals(ui.text("#state-worker")));
        long pid = Long.parseLong(ui.fx(() -> ui.text("#pid-worker")));
        Files.writeString(config, Files.readString(config).replace("\"sleep\", \"1000\"", "\"sleep\", \"2000\""),
                StandardCharsets.UTF_8);
        ui.waitUntil("worker notice", () -> ui.text("#notice-worker").contains("restart"));
        assertEquals("RUNNING", ui.fx(() -> ui.text("#state-worker")));
        assertEquals(Long.toString(pid), ui.fx(() -> ui.text("#pid-worker")));

        // A file that no longer validates leaves the rows and shows where it is wrong, until fixed.
        assertFalse(ui.fx(() -> robot.lookup("#configBanner").query().isVisible()));
        Files.writeString(config, original.replace("kind: process", "kind: nosuchkind"), StandardCharsets.UTF_8);
        ui.waitUntil("banner", () -> robot.lookup("#configBanner").query().isVisible());
        String banner = ui.fx(() -> ui.text("#configBanner"));
        assertTrue(java.util.regex.Pattern.compile("stackyard\\.yaml:\\d+: services\\[2]\\.kind").matcher(banner).find(),
                "names the path and the line: " + banner);
        assertEquals(4, (int) ui.fx(() -> robot.lookup("#servicesTable").queryAs(TableView.class).getItems().size()));
        assertEquals("RUNNING", ui.fx(() -> ui.text("#state-worker")));

        Files.writeString(config, original, StandardCharsets.UTF_8);
        ui.waitUntil("banner gone", () -> !robot.lookup("#configBanner").query().isVisible());
        ui.waitUntil("pg-cli removed", () -> ui.lookup("#state-pg-cli").isEmpty());
        ui.waitUntil("no notice", () -> ui.text("#notice-worker").isEmpty());
    }

    private String dialogState() throws Exception {
        return ui.fx(() -> ui.lookup("#addDialog").isEmpty() ? ""
                : "; dialog: id='" + robot.lookup("#addId").queryTextInputControl().getText() + "' (" + ui.text("#addIdError")
                + "), port='" + robot.lookup("#addPort").queryTextInputControl().getText() + "' (" + ui.text("#addPortError")
                + "), " + ui.text("#addSubmitError"));
    }

    private void typePort(String port) {
        robot.clickOn("#addPort").push(KeyCode.END).eraseText(6).write(port);
    }

    private int cli(String... args) {
        StringWriter out = new StringWriter();
        try (StackyardContext context = new StackyardContext(dirs)) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(out), args);
            if (code != 0) {
                System.err.println(out);
            }
            return code;
        }
    }

    private static boolean alive(long pid) {
        return ProcFs.stat(pid).filter(s -> !s.isZombie()).isPresent();
    }

    /** What a timeout message adds: the rows this test watches. */
    private String timeoutContext() throws Exception {
        return ui.fx(() -> "; cache=" + ui.text("#state-cache") + ", busy=" + ui.text("#state-busy")
                + " (" + ui.text("#error-busy") + "), worker=" + ui.text("#state-worker")
                + ", status: " + robot.lookup("#statusMessage").queryLabeled().getText()) + dialogState();
    }
}
