package dev.stackyard.ui;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.app.WindowApp;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.bundle.FixtureRepository;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableView;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real window, headless, installing a PostgreSQL major from the Add dialog's "Install
 * another…" through the Versions dialog, from a file: repository named by the config's
 * {@code mavenRepository} key.
 */
class VersionsWindowTest {
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path home;
    @TempDir
    Path m2;

    private final FxRobot robot = new FxRobot();
    private AppDirs dirs;
    private WindowApp app;

    @BeforeEach
    void openTheWindow() throws Exception {
        FixtureRepository.assumeAmd64();
        FixtureRepository repo = FixtureRepository.in(m2).postgres(FixtureRepository.PG17);
        Files.writeString(home.resolve("stackyard.yaml"), "mavenRepository: " + repo.url() + "\nservices: []\n",
                StandardCharsets.UTF_8);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        app = WindowApp.create(dirs, () -> { });
        Stage stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupFixture(() -> app.show(stage));
    }

    @AfterEach
    void close() throws Exception {
        if (app != null) {
            app.quit().get(60, TimeUnit.SECONDS);
        }
        if (dirs != null) {
            try (StackyardContext cli = new StackyardContext(dirs)) {
                cli.registry().stopAll();
            }
        }
    }

    @Test
    void installAnotherFromTheAddDialogInstallsWithAProgressBarAndTheMajorBecomesSelectable() throws Exception {
        robot.clickOn("#addService");
        waitUntil("the add dialog", () -> lookup("#addInstallAnother").isPresent());
        robot.clickOn("#addInstallAnother");
        waitUntil("17.11.0 listed as available", () -> rows().stream()
                .anyMatch(r -> r.version().equals("17.11.0") && !r.installed()));

        List<Double> progress = new CopyOnWriteArrayList<>();
        List<Boolean> barShown = new CopyOnWriteArrayList<>();
        fx(() -> {
            ProgressBar bar = robot.lookup("#versionsProgress").queryAs(ProgressBar.class);
            bar.progressProperty().addListener((obs, old, now) -> progress.add(now.doubleValue()));
            bar.visibleProperty().addListener((obs, old, now) -> barShown.add(now));
            @SuppressWarnings("unchecked")
            TableView<VersionsViewModel.Row> table = robot.lookup("#versionsTable").queryAs(TableView.class);
            table.getSelectionModel().select(rows().stream().filter(r -> r.version().equals("17.11.0")).findFirst().orElseThrow());
            return null;
        });
        waitUntil("Install enabled", () -> !robot.lookup("#versionsInstall").queryButton().isDisabled());
        robot.clickOn("#versionsInstall");
        waitUntil("installed", () -> text("#versionsMessage").startsWith("Installed postgres 17.11.0"));
        assertTrue(barShown.contains(true), "the progress bar never showed");
        assertTrue(progress.stream().anyMatch(p -> p > 0 && p < 1), "no partial progress: " + progress);
        assertTrue(Files.isExecutable(home.resolve("data/bundles/postgres/17.11.0/bin/postgres")));
        waitUntil("17.11.0 shown installed", () -> rows().stream()
                .anyMatch(r -> r.version().equals("17.11.0") && r.installed() && r.bundled()));

        robot.clickOn("#versionsClose");
        waitUntil("the add dialog offers 17", () -> {
            @SuppressWarnings("unchecked")
            ComboBox<String> versions = robot.lookup("#addVersion").queryAs(ComboBox.class);
            return versions.getItems().contains("17");
        });
        robot.clickOn("#addCancel");
    }

    private List<VersionsViewModel.Row> rows() {
        return lookup("#versionsTable").map(n -> {
            @SuppressWarnings("unchecked")
            TableView<VersionsViewModel.Row> t = (TableView<VersionsViewModel.Row>) n;
            return List.copyOf(t.getItems());
        }).orElse(List.of());
    }

    private Optional<Node> lookup(String query) {
        return robot.lookup(query).tryQuery();
    }

    private String text(String query) {
        return lookup(query).map(n -> ((Labeled) n).getText()).orElse("");
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("not reached within " + WAIT_SECONDS + " s: " + what + "; error: "
                    + fx(() -> text("#versionsError")) + "; message: " + fx(() -> text("#versionsMessage")), e);
        }
    }
}
