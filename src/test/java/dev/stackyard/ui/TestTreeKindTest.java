package dev.stackyard.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.app.StackyardContext;
import dev.stackyard.app.WindowApp;
import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.bundle.VersionCatalog;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import dev.stackyard.testing.TestPorts;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kind is one package and one registration line: the test tree's {@code sleeper} kind
 * ({@code core.service.kind.sleeper}, registered only in the test tree's
 * {@code META-INF/services}) shows up in {@code status}, {@code versions} and {@code add}, and in the
 * real window's rows (Remove, Copy, Open) and Add dialog, with no edit anywhere else.
 */
class TestTreeKindTest {
    
    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private final WindowQueries ui = new WindowQueries(robot, this::timeoutContext);
    private AppDirs dirs;
    private WindowApp app;
    private int napPort;

    @BeforeEach
    void config() throws Exception {
        Daemons.requireExecutable(Path.of("/usr/bin/sleep"), "coreutils' sleep");
        napPort = TestPorts.free();
        // An unreachable repository: `versions` lists what is installed without the network.
        Files.writeString(home.resolve("stackyard.yaml"), """
                mavenRepository: file:%s
                services:
                  - id: nap
                    kind: sleeper
                    port: %d
                """.formatted(home.resolve("no-repository"), napPort), StandardCharsets.UTF_8);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
    }

    @AfterEach
    void stopEverythingTheTestStarted() throws Exception {
        try {
            if (app != null) {
                app.quit().get(60, TimeUnit.SECONDS);
            }
        } finally {
            try (StackyardContext cli = new StackyardContext(dirs)) {
                cli.registry().stopAll();
            }
        }
    }

    @Test
    void theRegistryFindsTheTestTreesKindBesideTheShippedOnes() {
        ServiceKind sleeper = ServiceKind.fromConfigName("sleeper").orElseThrow();
        java.util.List<String> names = ServiceKind.names();
        assertTrue(names.containsAll(java.util.List.of("postgres", "redis", "nginx", "php-fpm", "process")), names.toString());
        // Stackyard's own kinds first (the Add dialog opens on postgres), then those registered from elsewhere.
        assertEquals("postgres", names.getFirst(), names.toString());
        assertEquals("sleeper", names.getLast(), names.toString());
        assertTrue(VersionCatalog.kinds(null).contains(sleeper), "versions lists every versioned kind");
        assertTrue(dev.stackyard.config.NewServices.instanceKinds().contains(sleeper), "add offers every kind with instances");
    }

    @Test
    void theCliListsAddsAndReportsTheKind() throws Exception {
        Run versions = cli("versions", "--json");
        assertEquals(0, versions.code, versions.err);
        JsonNode sleeperVersions = StreamSupport.stream(new ObjectMapper().readTree(versions.out).spliterator(), false)
                .filter(k -> k.get("kind").asText().equals("sleeper")).findFirst().orElseThrow(() ->
                        new AssertionError("no sleeper in versions: " + versions.out));
        String installed = sleeperVersions.get("installed").get(0).get("version").asText();
        assertTrue(installed.matches("\\d+\\.\\d+"), installed);

        Run add = cli("add", "sleeper", "nap2");
        assertEquals(0, add.code, add.err);
        assertTrue(add.out.startsWith("added nap2 (sleeper " + installed + ") on port "), add.out);
        int port = Integer.parseInt(add.out.replaceAll("(?s).* on port (\\d+);.*", "$1"));
        assertTrue(port >= 47_470, "the search starts at the kind's own first port: " + port);
        assertTrue(Files.readString(home.resolve("stackyard.yaml")).contains("kind: sleeper"));

        Run status = cli("status", "--json");
        assertEquals(0, status.code, status.err);
        JsonNode services = new ObjectMapper().readTree(status.out);
        assertEquals(2, services.size(), status.out);
        for (JsonNode s : services) {
            assertEquals("sleeper", s.get("kind").asText(), status.out);
        }
        assertEquals("http://127.0.0.1:" + napPort + "/", services.get(0).get("url").asText());

        Run refused = cli("add", "process", "job");
        assertEquals(2, refused.code);
        assertTrue(refused.err.contains("add takes") && refused.err.contains("sleeper"), refused.err);
    }

    @Test
    void theWindowShowsItsButtonsAndOffersItInTheAddDialog() throws Exception {
        app = WindowApp.create(dirs, () -> { });
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> app.show(stage));

        ui.waitUntil("nap listed", () -> "STOPPED".equals(ui.text("#state-nap")));
        // An instance kind gets Remove; a kind with a page gets Open; its URL gets Copy.
        assertTrue(ui.fx(() -> ui.button("#remove-nap").isVisible() && !ui.button("#remove-nap").isDisabled()));
        assertTrue(ui.fx(() -> ui.button("#copy-nap").isVisible()));
        assertTrue(ui.fx(() -> ui.button("#open-nap").isVisible() && ui.button("#open-nap").isDisabled()));

        robot.clickOn("#start-nap");
        ui.waitUntil("nap running", () -> "RUNNING".equals(ui.text("#state-nap")));
        long pid = Long.parseLong(ui.fx(() -> ui.text("#pid-nap")));
        assertTrue(alive(pid), "PID " + pid + " is not alive");
        ui.waitUntil("Open enabled once running", () -> !ui.button("#open-nap").isDisabled());

        robot.clickOn("#addService");
        ui.waitUntil("the Add dialog", () -> ui.lookup("#addKind").isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<ServiceKind> kinds = (ComboBox<ServiceKind>) robot.lookup("#addKind").query();
        ServiceKind sleeper = ServiceKind.fromConfigName("sleeper").orElseThrow();
        assertTrue(ui.fx(() -> kinds.getItems().contains(sleeper)), "the Add dialog offers the sleeper kind");
        robot.interact(() -> kinds.getSelectionModel().select(sleeper));
        ui.waitUntil("a free port from the sleeper's own first port", () -> {
            String port = robot.lookup("#addPort").queryTextInputControl().getText();
            return !port.isEmpty() && Integer.parseInt(port) >= 47_470 && Integer.parseInt(port) != napPort;
        });
        ui.waitUntil("an installed version", () -> robot.lookup("#addVersion").queryComboBox().getValue() != null);
        robot.clickOn("#addCancel");
        ui.waitUntil("dialog closed", () -> ui.lookup("#addOk").isEmpty());

        app.quit().get(60, TimeUnit.SECONDS);
        app = null;
        assertFalse(alive(pid), "nap survived quit");
    }

    private record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StackyardContext context = new StackyardContext(dirs)) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
            return new Run(code, out.toString(), err.toString());
        }
    }

    private static boolean alive(long pid) {
        return ProcFs.stat(pid).filter(s -> !s.isZombie()).isPresent();
    }

    /** What a timeout message adds: the rows this test watches. */
    private String timeoutContext() throws Exception {
        return ui.fx(() -> "; nap=" + ui.text("#state-nap") + " (" + ui.text("#error-nap") + ")");
    }
}
