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
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.testing.Daemons;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private AppDirs dirs;
    private WindowApp app;
    private int napPort;

    @BeforeEach
    void config() throws Exception {
        Daemons.requireExecutable(Path.of("/usr/bin/sleep"), "coreutils' sleep");
        napPort = PortCheck.findFree(48_000);
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

        waitUntil("nap listed", () -> "STOPPED".equals(text("#state-nap")));
        // An instance kind gets Remove; a kind with a page gets Open; its URL gets Copy.
        assertTrue(fx(() -> button("#remove-nap").isVisible() && !button("#remove-nap").isDisabled()));
        assertTrue(fx(() -> button("#copy-nap").isVisible()));
        assertTrue(fx(() -> button("#open-nap").isVisible() && button("#open-nap").isDisabled()));

        robot.clickOn("#start-nap");
        waitUntil("nap running", () -> "RUNNING".equals(text("#state-nap")));
        long pid = Long.parseLong(fx(() -> text("#pid-nap")));
        assertTrue(alive(pid), "PID " + pid + " is not alive");
        waitUntil("Open enabled once running", () -> !button("#open-nap").isDisabled());

        robot.clickOn("#addService");
        waitUntil("the Add dialog", () -> lookup("#addKind").isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<ServiceKind> kinds = (ComboBox<ServiceKind>) robot.lookup("#addKind").query();
        ServiceKind sleeper = ServiceKind.fromConfigName("sleeper").orElseThrow();
        assertTrue(fx(() -> kinds.getItems().contains(sleeper)), "the Add dialog offers the sleeper kind");
        robot.interact(() -> kinds.getSelectionModel().select(sleeper));
        waitUntil("a free port from the sleeper's own first port", () -> {
            String port = robot.lookup("#addPort").queryTextInputControl().getText();
            return !port.isEmpty() && Integer.parseInt(port) >= 47_470 && Integer.parseInt(port) != napPort;
        });
        waitUntil("an installed version", () -> robot.lookup("#addVersion").queryComboBox().getValue() != null);
        robot.clickOn("#addCancel");
        waitUntil("dialog closed", () -> lookup("#addOk").isEmpty());

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

    private Optional<Node> lookup(String query) {
        return robot.lookup(query).tryQuery();
    }

    private String text(String query) {
        return lookup(query).map(n -> ((Labeled) n).getText()).orElse("");
    }

    private Button button(String query) {
        return robot.lookup(query).queryButton();
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("not reached within " + WAIT_SECONDS + " s: " + what + "; nap="
                    + fx(() -> text("#state-nap")) + " (" + fx(() -> text("#error-nap")) + ")", e);
        }
    }
}
