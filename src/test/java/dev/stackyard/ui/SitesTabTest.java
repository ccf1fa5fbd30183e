package dev.stackyard.ui;

import dev.stackyard.config.Config;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.site.SiteBook;
import dev.stackyard.testing.TestPorts;
import dev.stackyard.usecase.SiteService;
import dev.stackyard.testing.Daemons;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Sites tab, headless, over the real site service with the real nginx and php-fpm running. */
class SitesTabTest {
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path home;
    private final FxRobot robot = new FxRobot();
    private final Recorders.Desktop desktop = new Recorders.Desktop();
    private final Recorders.Errors errors = new Recorders.Errors();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private ProcessManager processes;
    private ServiceRegistry registry;
    private int port;
    private Path project;
    private SitesViewModel vm;
    private Stage stage;

    @BeforeEach
    void openTheTab() throws Exception {
        port = TestPorts.free();
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: web
                    kind: nginx
                    port: %d
                    php: php
                  - id: php
                    kind: php-fpm
                """.formatted(port));
        ConfigStore store = new ConfigStore(home.resolve("stackyard.yaml"), home.resolve("data"), home);
        Installations installations = Installations.load(home.resolve("data/bundles"));
        Daemons.require(ServiceKind.named("nginx"));
        Daemons.require(ServiceKind.named("php-fpm"));
        SiteBook book = new SiteBook(home.resolve("data"), installations);
        Config config = store.load();
        book.update(config.sites(), config.services());
        ServiceEnvironment env = new ServiceEnvironment(home.resolve("data"), home.resolve("run"), home.resolve("logs"),
                installations, book);
        processes = new ProcessManager(env.processStateDir());
        registry = new ServiceRegistry(config.services(), env, processes);
        registry.start("web");
        project = Files.createDirectories(home.resolve("code/hello/public"));
        Files.writeString(project.resolve("index.php"), "<?php echo 'hello from the tab';\n");
        vm = new SitesViewModel(new SiteService(store, book, installations, () -> registry, () -> { }),
                UiExecutor.fx(), background, desktop, errors);
        stage = FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            s.setScene(new Scene(SitesController.load(vm, (owner, title) -> Optional.of(project.getParent())), 1000, 500));
            s.show();
        });
    }

    @AfterEach
    void closeAndStop() throws Exception {
        try {
            FxToolkit.cleanupStages();
        } finally {
            background.shutdownNow();
            if (registry != null) {
                registry.stopAll(Duration.ofSeconds(20));
                assertTrue(processes.recordedIds().isEmpty(), "left running: " + processes.recordedIds());
                registry.close();
                processes.close();
            }
        }
    }

    @Test
    void linkFolderServesItAndTheRowOffersItsUrlAndTheSecureToggle() throws Exception {
        robot.clickOn("#linkFolder");
        waitUntil("a row for hello", () -> robot.lookup("#sitesTable").queryAs(TableView.class).getItems().size() == 1
                && !robot.lookup("#site-open-hello").queryAll().isEmpty());
        String url = "http://hello.localhost:" + port + "/";
        assertEquals(url, fx(() -> robot.lookup("#site-open-hello").queryAs(Hyperlink.class).getText()));
        assertEquals("hello from the tab", get("hello.localhost:" + port));

        robot.clickOn("#site-copy-hello");
        waitUntil("copied", () -> desktop.copied.equals(List.of(url)));

        robot.clickOn("#site-secure-hello");
        waitUntil("secure", () -> robot.lookup("#site-open-hello").queryAs(Hyperlink.class).getText().startsWith("https://")
                && robot.lookup("#site-secure-hello").queryAs(CheckBox.class).isSelected());
        robot.clickOn("#site-unlink-hello");
        waitUntil("no rows", () -> robot.lookup("#sitesTable").queryAs(TableView.class).getItems().isEmpty());
        assertEquals(List.of(), errors.reported);
    }

    @Test
    void aNewSubFolderOfAParkedFolderIsListedWithoutReloadAndNothingIsWatchedWhileHidden() throws Exception {
        robot.clickOn("#parkFolder"); // the chooser answers code/hello: its sub-folder public is a site
        waitUntil("the parked folder's site", () -> !robot.lookup("#site-open-public").queryAll().isEmpty());
        waitUntil("watching the parked folders", vm::watching);

        Files.createDirectories(home.resolve("code/hello/fresh"));
        waitUntil("a row for the new sub-folder, without Reload", () -> !robot.lookup("#site-open-fresh").queryAll().isEmpty());
        Files.delete(home.resolve("code/hello/fresh"));
        waitUntil("its row gone", () -> robot.lookup("#site-open-fresh").queryAll().isEmpty());

        WaitForAsyncUtils.asyncFx(stage::hide).get(WAIT_SECONDS, TimeUnit.SECONDS);
        waitUntil("no watch while hidden", () -> !vm.watching());
        WaitForAsyncUtils.asyncFx(stage::show).get(WAIT_SECONDS, TimeUnit.SECONDS);
        waitUntil("watching again once shown", vm::watching);
        assertEquals(List.of(), errors.reported);
    }

    private static String get(String host) throws Exception {
        int p = Integer.parseInt(host.substring(host.indexOf(':') + 1));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), p)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.0\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }

    private static <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("not reached within " + WAIT_SECONDS + " s: " + what + "; errors: " + errors.reported);
        }
    }
}
