package dev.stackyard.core.service;

import dev.stackyard.core.bundle.BundleException;
import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.BundleSources;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.FixtureRepository;
import dev.stackyard.core.bundle.InstallProgress;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.testing.Daemons;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 §2 with real PostgreSQL builds (the zonky fixtures): installing another major never
 * breaks a cluster that ran before, and what a running service shows is the version it runs.
 */
@Timeout(600)
class DataFolderVersionTest {
    @TempDir
    Path home;
    private final List<ServiceRegistry> registries = new ArrayList<>();
    private final List<ProcessManager> processManagers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (ServiceRegistry r : registries) {
            r.stopAll();
            r.close();
        }
        processManagers.forEach(ProcessManager::close);
    }

    @Test
    void anUnpinnedPostgresKeepsRunningTheMajorItsClusterWasMadeByAfterANewerMajorIsInstalled() throws Exception {
        FixtureRepository.assumeAmd64();
        Daemons.sibling(ServiceKind.named("postgres"), "psql"); // Debian's postgres is there too (an older major)
        FixtureRepository repo = FixtureRepository.in(home.resolve("m2")).postgres(FixtureRepository.PG16)
                .postgres(FixtureRepository.PG17);
        Path bundles = home.resolve("data/bundles");
        install(repo, bundles, "16");
        ServiceDefinition pg = ServiceDefinition.of("pg", ServiceKind.named("postgres"), PortCheck.findFree(25432));

        ServiceRegistry before = registry(bundles, pg);
        ServiceSnapshot first = before.start("pg");
        assertEquals(ServiceState.RUNNING, first.state(), String.valueOf(first.lastError()));
        assertEquals(FixtureRepository.PG16, first.version(), "unpinned, a new cluster gets the newest installed");

        install(repo, bundles, "17"); // as `stackyard install postgres 17` would, while pg runs

        ServiceRegistry after = registry(bundles, pg); // a fresh front end: `stackyard status`, the window
        ServiceSnapshot adopted = after.snapshot("pg").orElseThrow();
        assertEquals(ServiceState.RUNNING, adopted.state());
        assertEquals(FixtureRepository.PG16, adopted.version(), "the version it runs, not the newest installed");
        assertEquals(FixtureRepository.PG16, adopted.exactVersion());
        assertNull(adopted.nextVersion(), "its next start runs the cluster's major too");
        assertEquals(FixtureRepository.PG16, after.manager("pg").orElseThrow().installation().orElseThrow().version());

        // A newer build of the same major appears (a copy of the 16 bundle under a newer release's
        // folder, as an install of 16.14.0 would lay it out): the running pg still shows what it
        // runs, and says its next start would run the newer build.
        copyTree(bundles.resolve("postgres/" + FixtureRepository.PG16), bundles.resolve("postgres/16.99.0"));
        ServiceSnapshot withNewer = registry(bundles, pg).snapshot("pg").orElseThrow();
        assertEquals(FixtureRepository.PG16, withNewer.exactVersion());
        assertEquals("16.99.0", withNewer.nextVersion());
        deleteTree(bundles.resolve("postgres/16.99.0"));

        assertEquals(ServiceState.STOPPED, after.stop("pg").state());
        ServiceSnapshot again = after.start("pg");
        assertEquals(ServiceState.RUNNING, again.state(), String.valueOf(again.lastError()));
        assertEquals(FixtureRepository.PG16, again.version());
        assertTrue(Files.readString(after.manager("pg").orElseThrow().logFile()).contains("16.13"));
        after.stop("pg");

        ServiceRegistry pinned = registry(bundles, ServiceDefinition.builder("pg", ServiceKind.named("postgres"))
                .version("17").port(pg.port()).build());
        ServiceException refused = assertThrows(ServiceException.class, () -> pinned.start("pg"));
        assertTrue(refused.getMessage().contains("was made by PostgreSQL 16 but this is PostgreSQL 17.11.0"),
                refused.getMessage());
        assertEquals(ServiceState.FAILED, pinned.snapshot("pg").orElseThrow().state(), "a pinned mismatch is still refused");
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private void install(FixtureRepository repo, Path bundles, String major) throws BundleException {
        try (MavenRepository m = MavenRepository.of(repo.url())) {
            new BundleInstaller(bundles, BundleSources.forArch("amd64"))
                    .install(ServiceKind.named("postgres"), major, m, InstallProgress.NONE, new Cancellation());
        }
    }

    private ServiceRegistry registry(Path bundles, ServiceDefinition... defs) {
        ServiceEnvironment env = new ServiceEnvironment(home.resolve("data"), home.resolve("run"), home.resolve("logs"),
                Installations.load(bundles));
        ProcessManager pm = new ProcessManager(env.processStateDir());
        processManagers.add(pm);
        ServiceRegistry r = new ServiceRegistry(List.of(defs), env, pm);
        registries.add(r);
        return r;
    }
}
