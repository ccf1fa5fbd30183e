package dev.stackyard.ui;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.app.WindowApp;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.testing.Daemons;
import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real window's Add dialog, headless, makes a mariadb, a postgres and a second redis, one
 * after the other, as a person would (kind, id, OK): each lands in the config with its kind's own
 * port and shows a row with its Remove and Copy buttons. Nothing is started.
 */
class AddEveryInstanceKindTest {
    
    @TempDir
    Path home;

    private final FxRobot robot = new FxRobot();
    private final WindowQueries ui = new WindowQueries(robot, this::timeoutContext);
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
        ui.waitUntil("the cache row", () -> "STOPPED".equals(ui.text("#state-cache")));

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
        ui.waitUntil("the Add dialog", () -> ui.lookup("#addKind").isPresent());
        @SuppressWarnings("unchecked")
        ComboBox<ServiceKind> kinds = (ComboBox<ServiceKind>) robot.lookup("#addKind").query();
        assertTrue(ui.fx(() -> kinds.getItems().contains(kind)), "the Add dialog offers " + kindName);
        robot.interact(() -> kinds.getSelectionModel().select(kind));
        int firstPort = kind.spec().instances().orElseThrow().firstPort();
        ui.waitUntil(kindName + ": a port from its own first port", () -> {
            String port = robot.lookup("#addPort").queryTextInputControl().getText();
            return !port.isEmpty() && Integer.parseInt(port) >= firstPort;
        });
        ui.waitUntil(kindName + ": an installed version", () -> robot.lookup("#addVersion").queryComboBox().getValue() != null);
        robot.clickOn("#addId").write(id);
        ui.waitUntil(kindName + ": OK enabled", () -> !ui.button("#addOk").isDisabled());
        robot.clickOn("#addOk");
        ui.waitUntil(kindName + ": dialog closed", () -> ui.lookup("#addOk").isEmpty());
        ui.waitUntil(id + " row", () -> "STOPPED".equals(ui.text("#state-" + id)));
        ui.waitUntil(id + ": Remove shown and enabled", () -> ui.button("#remove-" + id).isVisible()
                && !ui.button("#remove-" + id).isDisabled());
        ui.waitUntil(id + ": Copy shown", () -> ui.button("#copy-" + id).isVisible());
    }

    /** What a timeout message adds: the rows this test watches. */
    private String timeoutContext() throws Exception {
        return "";
    }
}
