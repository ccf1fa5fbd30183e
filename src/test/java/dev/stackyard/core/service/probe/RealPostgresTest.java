package dev.stackyard.core.service.probe;

import dev.stackyard.testing.Daemons;
import dev.stackyard.core.service.ServiceKind;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import dev.stackyard.testing.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real PostgreSQL 15, initialised in a temp folder. postgres refuses to run as root, so
 * under root it runs as nobody through setpriv (which execs, so the PID is postgres's own).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RealPostgresTest {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private Path bin;
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

        private Path dir;

    private Path data;
    private int port;
    private Daemon postgres;

    @BeforeAll
    void startPostgres(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        bin = Daemons.binary(ServiceKind.named("postgres")).getParent();
        boolean root = Daemon.runningAsRoot();
        if (root) {
            Daemons.requireExecutable(SETPRIV, "setpriv (to run postgres as another account under root)");
        }
        // The temp folder lives under /tmp; make it nobody's so the server can use it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("nobody"));
            Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class)
                    .setGroup(users.lookupPrincipalByGroupName("nogroup"));
        }
        data = dir.resolve("data");
        port = TestPorts.free();

        try (Daemon initdb = Daemon.start("initdb", dir, asServerUser(root, List.of(bin.resolve("initdb").toString(),
                "-D", data.toString(), "-U", "probe", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync")))) {
            initdb.awaitOutput(Pattern.compile("Success\\."), Duration.ofSeconds(90));
        }
        postgres = Daemon.start("postgres", dir, asServerUser(root, List.of(bin.resolve("postgres").toString(),
                "-D", data.toString(), "-p", String.valueOf(port), "-k", dir.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "logging_collector=off")));
        postgres.awaitOutput(Pattern.compile("database system is ready to accept connections"), Duration.ofSeconds(60));
        // The log can say so a moment before postmaster.pid does (its status line still "starting"),
        // and the probes read the file: the tests start once both agree.
        org.testfx.util.WaitForAsyncUtils.waitFor(30, java.util.concurrent.TimeUnit.SECONDS,
                () -> PostmasterPid.read(data.resolve("postmaster.pid"))
                        .map(p -> p.status() == PostmasterPid.Status.READY).orElse(false));
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of(SETPRIV.toString(), "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        full.addAll(command);
        return full;
    }

    @AfterAll
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void postmasterPidOfARunningServerIsReadyAndNamesItsPidPortAndDataDir() {
        PostmasterPid pid = PostmasterPid.read(data.resolve("postmaster.pid")).orElseThrow();
        assertEquals(postgres.pid(), pid.pid());
        assertEquals(port, pid.port());
        assertEquals(data, pid.dataDir());
        assertEquals(PostmasterPid.Status.READY, pid.status());
        assertEquals("127.0.0.1", pid.listenAddress());
    }

    @Test
    void combinedProbeOfARunningServerIsReady() {
        assertEquals(ProbeResult.ready(), Probes.postgres(data, port, "probe", "postgres").check(TIMEOUT));
    }

    @Test
    void unknownRoleIsStillReadyBecauseTheServerAnswers() {
        assertEquals(ProbeResult.ready(), Probes.postgresProtocol(port, "no_such_role", "postgres").check(TIMEOUT));
    }
}
