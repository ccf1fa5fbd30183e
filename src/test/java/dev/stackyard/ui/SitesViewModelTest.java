package dev.stackyard.ui;

import dev.stackyard.config.Config;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.site.Site;
import dev.stackyard.core.site.SiteBook;
import dev.stackyard.testing.TestPorts;
import dev.stackyard.usecase.SiteService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Sites tab's view model over the real site service and config file (nginx stays stopped, so
 * changes are checked with nginx -t and written for its next start).
 */
class SitesViewModelTest {
    @TempDir
    Path home;
    private ProcessManager processes;
    private ServiceRegistry registry;
    private SitesViewModel vm;
    private final Recorders.HeldExecutor background = new Recorders.HeldExecutor();
    private final Recorders.Desktop desktop = new Recorders.Desktop();
    private final Recorders.Errors errors = new Recorders.Errors();

    @BeforeEach
    void setUp() throws Exception {
        int port = TestPorts.free();
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
        SiteBook book = new SiteBook(home.resolve("data"), installations);
        Config config = store.load();
        book.update(config.sites(), config.services());
        ServiceEnvironment env = new ServiceEnvironment(home.resolve("data"), home.resolve("run"), home.resolve("logs"),
                installations, book);
        processes = new ProcessManager(env.processStateDir());
        registry = new ServiceRegistry(config.services(), env, processes);
        SiteService sites = new SiteService(store, book, installations, () -> registry, () -> { });
        vm = new SitesViewModel(sites, UiExecutor.inline(), background, desktop, errors);
    }

    @AfterEach
    void tearDown() {
        registry.close();
        processes.close();
    }

    private Site row(String name) {
        return vm.rows().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void linkingIsBusyUntilTheBackgroundWorkIsDoneThenTheRowAppears() throws Exception {
        Path app = Files.createDirectories(home.resolve("code/app/public"));
        vm.link(app.getParent());
        assertTrue(vm.busyProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("Linking"));
        vm.link(app.getParent());
        assertEquals("Busy: wait for the current change to finish", vm.statusProperty().get());
        assertEquals(1, background.tasks.size(), "a second command is refused while one runs");

        background.runAll();
        assertFalse(vm.busyProperty().get());
        assertEquals(List.of("app"), vm.rows().stream().map(Site::name).toList());
        assertEquals(app, row("app").root());
        assertTrue(vm.statusProperty().get().startsWith("linked app: http://app.localhost:"), vm.statusProperty().get());
        assertEquals(SitesViewModel.DEFAULT_PHP, vm.phpChoices().getFirst());
        assertEquals(List.of(), errors.reported);
    }

    @Test
    void secureToggleAndCopyAndOpenUseTheHttpsUrl() throws Exception {
        vm.link(Files.createDirectories(home.resolve("code/shop")));
        background.runAll();
        vm.setSecure(row("shop"), true);
        background.runAll();
        assertTrue(row("shop").secure());
        vm.copyUrl(row("shop"));
        vm.open(row("shop"));
        String https = "https://shop.localhost:" + row("shop").tlsPort() + "/";
        assertEquals(List.of(https), desktop.copied);
        assertEquals(List.of(https), desktop.opened);
        vm.setSecure(row("shop"), true);
        assertTrue(background.tasks.isEmpty(), "no change, no work");
    }

    @Test
    void aFailedCommandIsReportedOnceAndLeavesTheRowsAsTheyAre() throws Exception {
        vm.link(home.resolve("missing"));
        background.runAll();
        assertFalse(vm.busyProperty().get());
        assertEquals(1, errors.reported.size());
        assertTrue(errors.reported.getFirst().summary().contains("is not a folder"), errors.reported.getFirst().summary());
        assertTrue(vm.rows().isEmpty());
    }

    @Test
    void parkedSitesCannotBeUnlinkedOneByOne() throws Exception {
        Files.createDirectories(home.resolve("parked/one"));
        vm.park(home.resolve("parked"));
        background.runAll();
        vm.unlink(row("one"));
        assertTrue(background.tasks.isEmpty());
        assertTrue(vm.statusProperty().get().contains("comes from the parked folder"), vm.statusProperty().get());
    }
}
