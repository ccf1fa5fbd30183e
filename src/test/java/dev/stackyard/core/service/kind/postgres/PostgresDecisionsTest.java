package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.service.ServiceAccount;

import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.process.StartFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgresManager's decisions that need no server: paths, URL, version match, failure sentences. */
class PostgresDecisionsTest {
    @TempDir
    Path home;

    private PostgresManager manager(Path runDir, int port) {
        ServiceEnvironment env = new ServiceEnvironment(home.resolve("data"), runDir, home.resolve("logs"),
                Installations.load(home.resolve("data/bundles")));
        return new PostgresManager(ServiceDefinition.of("pg-main", ServiceKind.named("postgres"), port), env);
    }

    @Test
    void socketGoesInTheRunFolderWhenItsPathFits() {
        PostgresManager pg = manager(home.resolve("run"), 5432);

        assertEquals(home.resolve("run/pg-main"), pg.socketDir());
    }

    @Test
    void socketPathLongerThan107BytesFallsBackToAShortFolderPerDataDir() {
        Path longRun = home.resolve("r".repeat(120));
        PostgresManager pg = manager(longRun, 5432);

        Path dir = pg.socketDir();

        assertTrue(dir.toString().matches("/tmp/stackyard-\\d+-[0-9a-f]{8}"), dir.toString());
        assertTrue((dir + "/.s.PGSQL.5432").length() <= PostgresManager.MAX_SOCKET_PATH);
        assertEquals(dir, manager(longRun, 5433).socketDir(), "stable for one data dir");
    }

    @Test
    void socketPathOfExactly107BytesStillFitsTheRunFolder() {
        String suffix = "/pg-main/.s.PGSQL.5432";
        int pad = PostgresManager.MAX_SOCKET_PATH - home.toString().length() - 1 - suffix.length();
        Path run = home.resolve("x".repeat(pad));
        assertEquals(107, (run + suffix).length());

        assertEquals(run.resolve("pg-main"), manager(run, 5432).socketDir());
        assertTrue(manager(home.resolve("x".repeat(pad + 1)), 5432).socketDir().startsWith("/tmp"));
    }

    @Test
    void defaultDataDirIsUnderTheDataFolderAndThePasswordFileBesideIt() {
        PostgresManager pg = manager(home.resolve("run"), 5432);

        assertEquals(home.resolve("data/postgres/pg-main"), pg.dataDir());
        assertEquals(home.resolve("data/postgres/pg-main.password"), pg.passwordFile());
        assertEquals(Optional.of("postgresql://postgres@127.0.0.1:5432/postgres"), pg.url(), "no password known yet");
    }

    @Test
    void urlCarriesThePercentEncodedPassword() throws Exception {
        PostgresManager pg = manager(home.resolve("run"), 5432);
        Files.createDirectories(pg.passwordFile().getParent());
        Files.writeString(pg.passwordFile(), "a b@c:d/é\n");

        assertEquals(Optional.of("postgresql://postgres:a%20b%40c%3Ad%2F%C3%A9@127.0.0.1:5432/postgres"), pg.url());
    }

    @ParameterizedTest
    @CsvSource({"15, 15, true", "15, 15.4, true", "14, 15, false", "9.6, 9, true", "9.6, 9.5, false", "1, 15, false"})
    void clusterVersionMatchesTheInstalledMajor(String cluster, String installed, boolean same) {
        assertEquals(same, PostgresInitdb.sameMajor(cluster, installed));
    }

    @Test
    void idOutputGivesUidPrimaryGroupAndSupplementaryGroups() {
        ServiceAccount a = ServiceAccount.parse("postgres",
                "uid=101(postgres) gid=104(postgres) groups=104(postgres),103(ssl-cert)").orElseThrow();

        assertEquals(new ServiceAccount("postgres", 101, 104, "postgres", Set.of(103, 104)), a);
        // No capabilities, no new privileges, and not Stackyard's environment (issue 23 §6).
        assertEquals(List.of("/usr/bin/setpriv", "--reuid=101", "--regid=104", "--init-groups", "--no-new-privs",
                        "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--reset-env", "--", "/bin/true"),
                a.wrap("/usr/bin/setpriv", List.of("/bin/true")));
        assertTrue(ServiceAccount.parse("x", "id: 'x': no such user").isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use|port 5999 is already in use",
            "FATAL:  could not create any TCP/IP sockets|port 5999 is already in use",
            "FATAL:  pre-existing shared memory block (key 1, ID 2) is still in use|hold its shared memory",
            "FATAL:  lock file \"postmaster.pid\" already exists|another postgres seems to be running on",
            "FATAL:  lock file \"/tmp/x/.s.PGSQL.5999.lock\" already exists|already uses the socket for port 5999",
            "FATAL:  could not open file \"global/pg_control\": Permission denied|was refused access",
            "FATAL:  data directory \"/d\" has invalid permissions|must be mode 0700 or 0750",
    })
    void startFailuresBecomeOneSentence(String logLine, String expected) {
        PostgresManager pg = manager(home.resolve("run"), 5999);
        StartFailedException failure = new StartFailedException("pg-main", StartFailedException.Reason.EXITED_BEFORE_READY,
                "pg-main exited before it was ready (exit 1)", null, List.of("postgres"), List.of("x", logLine), null);

        String sentence = pg.explain(failure);

        assertTrue(sentence.startsWith("pg-main could not start: "), sentence);
        assertTrue(sentence.contains(expected), sentence);
    }

    @Test
    void unknownFailureKeepsTheProcessCoresMessage() {
        PostgresManager pg = manager(home.resolve("run"), 5999);
        StartFailedException failure = new StartFailedException("pg-main", StartFailedException.Reason.NOT_READY_IN_TIME,
                "pg-main was not ready within the deadline", null, List.of("postgres"), List.of("LOG: something"), null);

        assertEquals("pg-main was not ready within the deadline", pg.explain(failure));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use|pg could not start: port 5999 is used by PID 7 (x); choose another port or stop what holds it",
            "FATAL:  data directory \"/d\" has wrong ownership|pg could not start: /d must belong to the account that runs postgres (postgres)",
            "FATAL:  database files are incompatible with server|pg could not start: /d was made by another PostgreSQL major version; set the matching version for this service or upgrade the cluster with pg_upgrade",
            "FATAL:  \"root\" execution of the PostgreSQL server is not permitted.|pg could not start: PostgreSQL refuses to run as root; run Stackyard as an ordinary user",
            "LOG:  all is well|the core's own message",
    })
    void failureSentencesAreAPureFunctionOfTheLog(String logLine, String expected) {
        PostgresFailures.Context context = new PostgresFailures.Context("pg", 5999, Path.of("/d"), Path.of("/s"), "postgres",
                Optional.of("port 5999 is used by PID 7 (x)"));

        assertEquals(expected, PostgresFailures.explain(Optional.empty(), List.of(logLine), context, "the core's own message"));
    }

    private PostgresManager managerOf(Path stackyardHome, boolean asRoot, Path dataDir) {
        ServiceEnvironment env = new ServiceEnvironment(stackyardHome.resolve("data"), stackyardHome.resolve("run"),
                stackyardHome.resolve("logs"), Installations.load(home.resolve("data/bundles")));
        return new PostgresManager(ServiceDefinition.builder("pg", ServiceKind.named("postgres")).port(5432).dataDir(dataDir).build(),
                env, asRoot, home.resolve("base"));
    }

    private Path closedFolder(String name) throws Exception {
        return Files.createDirectories(home.resolve(name), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    }

    @Test
    void asRootBehindAClosedFolderTheClusterAndSocketGoUnderTheRootBaseOnePlacePerHome() throws Exception {
        Path closed = closedFolder("root");
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        PostgresManager a = managerOf(closed.resolve("a"), true, null);
        PostgresManager b = managerOf(closed.resolve("b"), true, null);

        assertTrue(a.dataDir().startsWith(home.resolve("base")), a.dataDir().toString());
        assertTrue(a.dataDir().endsWith(Path.of("postgres", "pg")), a.dataDir().toString());
        assertTrue(a.socketDir().startsWith(home.resolve("base")), a.socketDir().toString());
        assertTrue(a.passwordFile().startsWith(home.resolve("base")), a.passwordFile().toString());
        assertNotEquals(a.dataDir(), b.dataDir(), "two STACKYARD_HOMEs never share a cluster");
    }

    @Test
    void notAsRootOrWithAGivenDataDirOrAnExistingClusterTheUsualPlacesStay() throws Exception {
        Path closed = closedFolder("root");
        Path own = closed.resolve("a");

        assertEquals(own.resolve("data/postgres/pg"), managerOf(own, false, null).dataDir());
        assertEquals(closed.resolve("mine"), managerOf(own, true, closed.resolve("mine")).dataDir());
        Files.createDirectories(own.resolve("data/postgres/pg"));
        assertEquals(own.resolve("data/postgres/pg"), managerOf(own, true, null).dataDir(), "an existing cluster stays");
    }

    @Test
    void asRootWithEveryFolderAbovePassableTheUsualPlaceStays() throws Exception {
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));

        assertEquals(home.resolve("open/data/postgres/pg"), managerOf(home.resolve("open"), true, null).dataDir());
    }
}
