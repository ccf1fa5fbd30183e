package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.testing.AsRoot;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.ProcessInfo;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.process.StopResult;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.testing.Daemons;
import dev.stackyard.testing.TestPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.stackyard.core.service.kind.mariadb.MariaDbTestSupport.answer;
import static dev.stackyard.core.service.kind.mariadb.MariaDbTestSupport.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MariaDbManager against Debian's real mariadbd, driven through the real process core. Under root
 * (as on CI and this machine) the server runs as the mysql account (made when missing) through setpriv.
 */
@Timeout(240)
class MariaDbManagerTest {
    @TempDir
    Path home;
    private ServiceEnvironment env;
    private ProcessManager processes;
    private final List<ServiceRegistry> registries = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Daemons.require(ServiceKind.named("mariadb"));
        MariaDbTestSupport.client();
        env = new ServiceEnvironment(home.resolve("data"), home.resolve("run"), home.resolve("logs"),
                Installations.load(home.resolve("data/bundles")));
        processes = new ProcessManager(env.processStateDir());
    }

    @AfterEach
    void tearDown() {
        try {
            for (ServiceRegistry r : registries) {
                r.stopAll();
                r.close();
            }
            processes.stopAll(Duration.ofSeconds(40));
        } finally {
            processes.close();
        }
    }

    @Test
    void firstStartInstallsTheDataFolderSetsTheRootPasswordAndAnswersAQuery() throws Exception {
        MariaDbManager db = manager("db", freePort());
        List<String> progress = new ArrayList<>();

        start(db, progress);

        assertEquals(List.of("initialising MariaDB data folder in " + db.dataDir(), "done"), progress);
        String password = db.password().orElseThrow();
        assertEquals("mysql://root:" + password + "@127.0.0.1:" + db.definition().port() + "/", db.url().orElseThrow());
        assertTrue(answer(port(db), password, "SELECT VERSION()").startsWith(installation().exactVersion()));
        assertNotEquals(0, query(port(db), "root", null, "SELECT 1").exit(), "root without a password is refused");
        assertNotEquals(0, query(port(db), "root", "wrong", "SELECT 1").exit(), "a wrong password is refused");
        assertEquals("rw-------", mode(db.passwordFile()));
        assertFalse(Files.exists(home.resolve("run/db/init.sql")), "the SQL holding the password is gone once ready");
        assertFalse(Files.exists(home.resolve("data/mariadb/db.password-pending")));
        String log = Files.readString(db.logFile());
        assertTrue(log.contains(" mariadb-install-db: "), "install-db's output goes to the service log");
        assertTrue(log.contains("ready for connections"), log);
    }

    @Test
    void runsOnLocalhostOnlyWithItsSocketAndPidFileInItsRunFolder() throws Exception {
        MariaDbManager db = manager("db", freePort());
        ProcessInfo info = start(db, new ArrayList<>());

        assertEquals(home.resolve("run/db/mariadb.sock"), db.socket());
        assertTrue(Files.exists(db.socket()), "socket in RUN/ID");
        assertEquals(Long.toString(info.pid()), Files.readString(db.pidFile()).strip());
        assertEquals("127.0.0.1", answer(port(db), db.password().orElseThrow(), "SELECT @@bind_address"));
        if (ServiceEnvironment.runningAsRoot()) {
            String status = Files.readString(Path.of("/proc/" + info.pid() + "/status"));
            String uid = status.lines().filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            assertFalse(uid.matches("Uid:\\s+0\\s.*"), "as root, mariadbd runs as another account: " + uid);
            assertNotEquals(0, (int) (Integer) Files.getAttribute(db.dataDir(), "unix:uid"));
            assertEquals(0, (int) (Integer) Files.getAttribute(db.passwordFile(), "unix:uid"));
        }
    }

    @Test
    void repeatedHealthProbesLogInAndQuitSoTheServerLogsNoAbortedConnections() throws Exception {
        MariaDbManager db = manager("db", freePort());
        ServiceManager.Launch launch = db.prepare(installation(), line -> { });
        ProcessInfo info = processes.start(launch.spec(), launch.readiness(), launch.readyTimeout());

        for (int i = 0; i < 5; i++) {
            assertTrue(launch.readiness().isReady(info.pid(), Duration.ofSeconds(10)));
        }
        answer(port(db), db.password().orElseThrow(), "SELECT 1");

        assertFalse(Files.readString(db.logFile()).contains("Aborted connection"), Files.readString(db.logFile()));
    }

    @Test
    void secondStartKeepsTheDataAndThePasswordWithoutInstallingAgain() throws Exception {
        MariaDbManager db = manager("db", freePort());
        start(db, new ArrayList<>());
        String password = db.password().orElseThrow();
        answer(port(db), password, "CREATE DATABASE app; CREATE TABLE app.kept (v INT); INSERT INTO app.kept VALUES (42)");
        assertEquals(StopResult.Outcome.GRACEFUL, processes.stop("db").outcome());

        List<String> progress = new ArrayList<>();
        start(db, progress);

        assertEquals(List.of(), progress);
        assertEquals(password, db.password().orElseThrow());
        assertEquals("42", answer(port(db), password, "SELECT v FROM app.kept"));
    }

    @Test
    void stopIsACleanInnoDbShutdownAndLeavesNoServer() throws Exception {
        MariaDbManager db = manager("db", freePort());
        ProcessInfo info = start(db, new ArrayList<>());

        StopResult stop = processes.stop("db");

        assertEquals(StopResult.Outcome.GRACEFUL, stop.outcome());
        assertTrue(Files.readString(db.logFile()).contains("Shutdown complete"));
        assertTrue(ProcFs.stat(info.pid()).filter(s -> !s.isZombie()).isEmpty());
        assertTrue(MariaDbProcesses.serverOn(db.dataDir()).isEmpty());
    }

    @Test
    void aCrashShowsAsFailedWithTheReason() throws Exception {
        ServiceRegistry r = registry(ServiceDefinition.builder("db", ServiceKind.named("mariadb")).port(freePort()).build());
        ServiceSnapshot running = r.start("db");
        assertEquals(ServiceState.RUNNING, running.state());
        assertEquals("mariadb", running.kind().configName());
        assertTrue(running.url().startsWith("mysql://root:"), running.url());
        CountDownLatch failed = new CountDownLatch(1);
        r.addListener(s -> {
            if (s.id().equals("db") && s.state() == ServiceState.FAILED) {
                failed.countDown();
            }
        });

        new ProcessBuilder("kill", "-9", Long.toString(running.pid())).start().waitFor();

        assertTrue(failed.await(30, TimeUnit.SECONDS), "FAILED after kill -9");
        ServiceSnapshot s = r.snapshot("db").orElseThrow();
        assertTrue(s.lastError().contains("stopped unexpectedly") && s.lastError().contains("KILL"), s.lastError());
        assertEquals(ServiceState.RUNNING, r.start("db").state(), "a crashed server starts again on its folder");
    }

    @Test
    void aSecondServerOnAHeldDataFolderIsRefusedAtOnce() {
        MariaDbManager first = manager("db", freePort());
        ProcessInfo info = start(first, new ArrayList<>());
        MariaDbManager second = new MariaDbManager(ServiceDefinition.builder("db2", ServiceKind.named("mariadb"))
                .port(freePort()).dataDir(first.dataDir()).build(), env);

        long t0 = System.nanoTime();
        ServiceException e = assertThrows(ServiceException.class, () -> second.prepare(installation(), line -> { }));

        assertTrue(e.getMessage().contains("another MariaDB server (PID " + info.pid() + ") runs on its data dir"),
                e.getMessage());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20), "refused without waiting on the lock");
    }

    @Test
    void aFolderMadeByANewerSeriesIsRefusedAndAnOlderOneNeverUpgraded() throws Exception {
        for (String made : List.of("99.1.2-MariaDB", "5.5.1-MariaDB")) {
            Path data = home.resolve("made-by-" + made);
            Files.createDirectories(data.resolve("mysql"));
            Files.writeString(data.resolve("mysql_upgrade_info"), made);
            MariaDbManager db = new MariaDbManager(ServiceDefinition.builder("db", ServiceKind.named("mariadb")).port(freePort())
                    .version(installation().version()).dataDir(data).build(), env);

            ServiceException e = assertThrows(ServiceException.class, () -> db.prepare(installation(), line -> { }));

            assertTrue(e.getMessage().contains("was made by MariaDB " + made), e.getMessage());
            assertTrue(e.getMessage().contains(made.startsWith("99") ? "newer than this MariaDB" : "never upgrades"),
                    e.getMessage());
            assertEquals(made, Files.readString(data.resolve("mysql_upgrade_info")), "left as it was");
        }
    }

    @Test
    void aHalfMadeDataFolderIsExplainedAndLeftUntouched() throws Exception {
        MariaDbManager db = manager("db", freePort());
        Files.createDirectories(db.dataDir());
        Files.writeString(db.dataDir().resolve("aria_log_control"), "x");

        ServiceException e = assertThrows(ServiceException.class, () -> db.prepare(installation(), line -> { }));

        assertTrue(e.getMessage().contains("half-made MariaDB data folder"), e.getMessage());
        assertEquals("x", Files.readString(db.dataDir().resolve("aria_log_control")));
    }

    @Test
    void deleteDataDeletesTheFolderAndThePasswordFileAndSaysSo() {
        MariaDbManager db = manager("db", freePort());
        start(db, new ArrayList<>());
        assertThrows(ServiceException.class, db::deleteData, "refused while it runs");
        processes.stop("db");

        List<Path> deleted = db.deleteData();

        assertEquals(List.of(db.dataDir(), db.passwordFile()), deleted);
        assertFalse(Files.exists(db.dataDir()));
        assertFalse(Files.exists(db.passwordFile()));
    }

    @Test
    void aRunFolderTooLongForASocketPathFallsBackToAShortPrivateFolderThatDeleteDataRemoves() throws Exception {
        // Beside the data folder (so the home holding both is Stackyard's and nothing moves to /var/lib).
        Path longRun = home.resolve("run-" + "r".repeat(80));
        env = new ServiceEnvironment(home.resolve("data"), longRun, home.resolve("logs"), env.installations());
        processes.close();
        processes = new ProcessManager(env.processStateDir());
        MariaDbManager db = manager("db", freePort());
        start(db, new ArrayList<>());

        assertTrue(db.socket().toString().startsWith("/tmp/stackyard-"), db.socket().toString());
        assertTrue(db.dataDir().startsWith(home), db.dataDir().toString());
        assertTrue(db.socket().toString().getBytes(StandardCharsets.UTF_8).length <= MariaDbLayout.MAX_SOCKET_PATH);
        assertTrue(Files.exists(db.socket()));
        assertEquals("rwx------", mode(db.socket().getParent()));
        assertEquals("1", answer(port(db), db.password().orElseThrow(), "SELECT 1"));
        processes.stop("db");

        List<Path> deleted = db.deleteData();

        assertTrue(deleted.contains(db.socket().getParent()), deleted.toString());
        assertFalse(Files.exists(db.socket().getParent()));
    }

    @Test
    void asRootWithStackyardBehindAClosedFolderTheDataGoesWhereTheServerAccountCanReachIt(@TempDir Path outside)
            throws Exception {
        AsRoot.require("only root runs mariadb as another account");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwx--x--x")); // passable, like /var/lib
        Path closed = Files.createDirectory(outside.resolve("root"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))); // like /root
        Path base = outside.resolve("var-lib-stackyard");
        env = new ServiceEnvironment(closed.resolve("home/data"), closed.resolve("home/run"), closed.resolve("home/logs"),
                env.installations());
        processes.close();
        processes = new ProcessManager(env.processStateDir());
        MariaDbManager db = new MariaDbManager(ServiceDefinition.builder("db", ServiceKind.named("mariadb")).port(freePort()).build(),
                env, true, base);

        start(db, new ArrayList<>());

        assertTrue(db.dataDir().startsWith(base) && db.dataDir().endsWith("mariadb/db"), db.dataDir().toString());
        assertTrue(db.socket().startsWith(base), db.socket().toString());
        assertEquals("1", answer(port(db), db.password().orElseThrow(), "SELECT 1"));
        assertEquals("rwx------", mode(closed), "the closed folder is never opened");
        processes.stop("db");
        assertTrue(db.deleteData().contains(db.dataDir()));
    }

    // ---------------------------------------------------------------- helpers

    private ServiceRegistry registry(ServiceDefinition... defs) {
        ServiceRegistry r = new ServiceRegistry(List.of(defs), env, processes);
        registries.add(r);
        return r;
    }

    private MariaDbManager manager(String id, int port) {
        return new MariaDbManager(ServiceDefinition.builder(id, ServiceKind.named("mariadb")).port(port).build(), env);
    }

    private static Installation installation() {
        return Daemons.require(ServiceKind.named("mariadb"));
    }

    private ProcessInfo start(MariaDbManager m, List<String> progress) {
        ServiceManager.Launch launch = m.prepare(installation(), progress::add);
        return processes.start(launch.spec(), launch.readiness(), launch.readyTimeout());
    }

    private static int port(MariaDbManager m) {
        return m.definition().port();
    }

    /** Below the kernel's ephemeral range (32768 on), where outgoing connections take ports at random. */
    static int freePort() {
        return TestPorts.free();
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
