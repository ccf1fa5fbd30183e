package dev.stackyard.ui;

import dev.stackyard.usecase.VersionControl;
import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.BundleSources;
import dev.stackyard.core.bundle.BundleUsers;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.FixtureRepository;
import dev.stackyard.core.bundle.InstallProgress;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.core.bundle.VersionCatalog;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Versions dialog's model over the real installer and a file: repository of the real zonky
 * jars, with the work run inline so each command has finished when it returns.
 */
class VersionsViewModelTest {
    @TempDir
    Path tmp;
    private Path bundles;
    private FixtureRepository repo;
    private final List<ServiceDefinition> services = new ArrayList<>();
    private VersionsViewModel vm;

    /** The app's VersionControl minus the config file: services come from the test. */
    private final class RealVersions implements VersionControl {
        final BundleInstaller installer = new BundleInstaller(bundles, BundleSources.forArch("amd64"));
        final Installations installations = Installations.load(bundles);

        @Override
        public List<VersionCatalog.KindVersions> list() {
            try (MavenRepository m = MavenRepository.of(repo.url())) {
                return VersionCatalog.list(List.of(ServiceKind.named("postgres")), installations, installer.sources(), m);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String repository() {
            return repo.url();
        }

        @Override
        public BundleInstaller.Installed install(ServiceKind kind, String version, InstallProgress progress, Cancellation cancel)
                throws IOException {
            try (MavenRepository m = MavenRepository.of(repo.url())) {
                return installer.install(kind, version, m, progress, cancel);
            } finally {
                installations.rescan();
            }
        }

        @Override
        public List<String> users(ServiceKind kind, String version) {
            installations.rescan();
            return BundleUsers.of(kind, installer.folder(kind, version), services, installations);
        }

        @Override
        public void uninstall(ServiceKind kind, String version) throws IOException {
            installer.uninstall(kind, version);
            installations.rescan();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        FixtureRepository.assumeAmd64();
        bundles = tmp.resolve("bundles");
        repo = FixtureRepository.in(tmp.resolve("m2")).postgres(FixtureRepository.PG16).postgres(FixtureRepository.PG17);
        vm = new VersionsViewModel(new RealVersions(), Runnable::run, UiExecutor.inline());
    }

    private VersionsViewModel.Row row(String version) {
        return vm.rows().stream().filter(r -> r.version().equals(version)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + version + " in " + vm.rows()));
    }

    @Test
    void loadListsTheNewestReleaseOfEachMajorAsAvailable() {
        vm.load();
        assertFalse(vm.loadingProperty().get());
        assertEquals("", vm.errorProperty().get());
        assertEquals(repo.url(), vm.repositoryProperty().get());
        assertFalse(row("17.11.0").installed());
        assertFalse(row("16.13.0").installed());
        assertTrue(vm.canInstall(row("17.11.0")));
        assertFalse(vm.canUninstall(row("17.11.0")));
    }

    @Test
    void installReportsProgressThenShowsTheVersionAsInstalledAndTellsListeners() {
        vm.load();
        List<Double> progress = new ArrayList<>();
        vm.progressProperty().addListener((obs, old, now) -> progress.add(now.doubleValue()));
        AtomicInteger changes = new AtomicInteger();
        vm.onChange(changes::incrementAndGet);
        vm.install(row("17.11.0"));
        assertEquals("", vm.errorProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("Installed postgres 17.11.0"), vm.messageProperty().get());
        assertTrue(progress.stream().anyMatch(p -> p > 0 && p < 1), progress.toString());
        assertTrue(progress.contains(1.0), progress.toString());
        assertTrue(row("17.11.0").installed() && row("17.11.0").bundled());
        assertTrue(vm.canUninstall(row("17.11.0")));
        assertFalse(vm.busyProperty().get());
        assertEquals(1, changes.get());
    }

    @Test
    void cancellingDuringTheDownloadInstallsNothing() {
        vm.load();
        vm.progressProperty().addListener((obs, old, now) -> {
            if (now.doubleValue() > 0.3) {
                vm.cancel();
            }
        });
        vm.install(row("16.13.0"));
        assertEquals("Cancelled; nothing was installed.", vm.messageProperty().get());
        assertFalse(row("16.13.0").installed());
        assertFalse(Files.exists(bundles.resolve("postgres/16.13.0")));
    }

    @Test
    void uninstallIsRefusedNamingTheServiceThatUsesTheVersionThenAllowedOnceNoneDoes() {
        vm.load();
        vm.install(row("16.13.0"));
        services.add(ServiceDefinition.builder("legacy", ServiceKind.named("postgres")).version("16").port(5499).build());
        vm.uninstall(row("16.13.0"));
        assertEquals("postgres 16.13.0 is used by legacy; remove that service or set another version first.",
                vm.errorProperty().get());
        assertTrue(Files.isDirectory(bundles.resolve("postgres/16.13.0")));

        services.clear();
        vm.uninstall(row("16.13.0"));
        assertEquals("", vm.errorProperty().get());
        assertFalse(row("16.13.0").installed());
        assertFalse(Files.exists(bundles.resolve("postgres/16.13.0")));
    }

    @Test
    void aSystemVersionCannotBeUninstalledAndAnInstalledOneNotInstalledAgain() {
        VersionsViewModel.Row system = new VersionsViewModel.Row(ServiceKind.named("postgres"), "15", true, false, "/usr/lib/postgresql/15");
        assertFalse(vm.canUninstall(system));
        assertFalse(vm.canInstall(system));
    }
}
