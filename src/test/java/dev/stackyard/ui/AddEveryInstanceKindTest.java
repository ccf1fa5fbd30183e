package dev.stackyard.ui;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.app.WindowApp;
import dev.stackyard.config.AppDirs;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real window's Add dialog, headless, makes a mariadb, a postgres and a second redis, one
 * after the other, as a person would (kind, id, OK): each lands in the config with its kind's own
 * port and shows a row with its Remove and Copy buttons. Nothing is started.
 */
class AddEveryInstanceKindTest {
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private AppDirs dirs;
    private WindowApp app;

    @BeforeEach
    void openTheWindow() throws Exception {
        for (String kind : new String[] {"mariadb", "postgres", "redis"}) {
            Daemons.require(ServiceKind.named(kind)); // the dialog offers installed versions
        }
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: cache
                    kind: redis
                    port: %d
                """.formatted(PortCheck.findFree(26_000)), StandardCharsets.UTF_8);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        app = WindowApp.create(dirs, () -> { });
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> app.show(stage));
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
    void theAddDialogMakesAMariadbAPostgresAndASecondRedisEachWithItsButtons() throws Exception {
        waitUntil("the cache row", () -> "STOPPED".equals(text("#state-cache")));

        add("mariadb", "shop-db");
        add("postgres", "blog-db");
        add("redis", "queue");

        String config = Files.readString(home.resolve("stackyard.yaml"));
        for (String entry : new String[] {"id: shop-db", "kind: mariadb", "id: blog-db", "kind: postgres", "id: queue"}) {
            assertTrue(config.contains(entry), entry + " missing from\n" + config);
        }
        // A new redis requires a password (issue 23 §1); the existing one is left as written.
        String queue = config.substring(config.indexOf("id: queue"));
        assertTrue(queue.contains("password: true"), queue);
        assertEquals(1, config.split("password: true", -1).length - 1, config);
    }

    /** Opens the Add dialog, picks {@code kind}, types {@code id}, waits for a suggested port and OK. */
    private void add(String kindName, String id) throws Exception {
        ServiceKind kind = ServiceKind.named(kindName);
        robot.clickOn("#addService");
        waitUntil("the Add dialog", () -> lookup("#addKind").isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<ServiceKind> kinds = (ComboBox<ServiceKind>) robot.lookup("#addKind").query();
        assertTrue(fx(() -> kinds.getItems().contains(kind)), "the Add dialog offers " + kindName);
        robot.interact(() -> kinds.getSelectionModel().select(kind));
        int firstPort = kind.spec().instances().orElseThrow().firstPort();
        waitUntil(kindName + ": a port from its own first port", () -> {
            String port = robot.lookup("#addPort").queryTextInputControl().getText();
            return !port.isEmpty() && Integer.parseInt(port) >= firstPort;
        });
        waitUntil(kindName + ": an installed version", () -> robot.lookup("#addVersion").queryComboBox().getValue() != null);
        robot.clickOn("#addId").write(id);
        waitUntil(kindName + ": OK enabled", () -> !button("#addOk").isDisabled());
        robot.clickOn("#addOk");
        waitUntil(kindName + ": dialog closed", () -> lookup("#addOk").isEmpty());
        waitUntil(id + " row", () -> "STOPPED".equals(text("#state-" + id)));
        waitUntil(id + ": Remove shown and enabled", () -> button("#remove-" + id).isVisible()
                && !button("#remove-" + id).isDisabled());
        waitUntil(id + ": Copy shown", () -> button("#copy-" + id).isVisible());
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
            throw new AssertionError("not reached within " + WAIT_SECONDS + " s: " + what, e);
        }
    }
}
