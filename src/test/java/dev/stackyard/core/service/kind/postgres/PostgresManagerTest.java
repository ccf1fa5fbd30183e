package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.testing.AsRoot;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.process.ProcessInfo;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopResult;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.testing.TestPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgresManager against real PostgreSQL 15 binaries, driven through the real process core. Under
 * root (as on CI and this machine) the server runs as the postgres (or nobody) account, so the
 * setpriv, ownership and 0711 paths are exercised for real.
 */
@Timeout(180)
class PostgresManagerTest {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path home;
    private ServiceEnvironment env;
    private ProcessManager processes;
    private final List<ProcessManager> processManagers = new ArrayList<>();
    private final List<PostgresManager> managers = new ArrayList<>();
    private final List<Process> clients = new ArrayList<>();

    @BeforeEach
    void setUp() {
        Daemons.sibling(ServiceKind.named("postgres"), "initdb");
        Daemons.sibling(ServiceKind.named("postgres"), "psql");
        useRunDir(home.resolve("run"));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process client : clients) {
            client.destroyForcibly();
            client.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            for (ProcessManager pm : processManagers) {
                pm.stopAll(Duration.ofSeconds(20));
            }
        } finally {
            managers.forEach(PostgresManager::afterStop);
            processManagers.forEach(ProcessManager::close);
            for (PostgresManager m : managers) {
                if (m.socketDir().startsWith("/tmp/stackyard-")) {
                    deleteQuietly(m.socketDir());
                }
            }
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void firstStartInitialisesTheClusterAndAnswersOverTcpWithThePasswordAndOverTheSocket() throws Exception {
        PostgresManager pg = manager("pg-main", freePort());
        List<String> progress = new ArrayList<>();

        start(pg, progress);

        assertEquals(List.of("initialising database cluster in " + pg.dataDir(), "done"), progress);
        assertEquals("1", psql(pg.url().orElseThrow(), "select 1"));
        assertEquals("1", psqlOverSocket(pg, "select 1"));
        assertTrue(Files.exists(pg.socketDir().resolve(".s.PGSQL." + pg.definition().port())));
        assertEquals(home.resolve("run").resolve("pg-main"), pg.socketDir());
        String log = Files.readString(pg.logFile());
        assertTrue(log.contains(" initdb: "), "initdb's output goes to the service log");
        assertTrue(log.contains("Success."), log);
    }

    @Test
    void tcpWithoutTheRightPasswordIsRefused() {
        PostgresManager pg = manager("pg-main", freePort());
        start(pg, new ArrayList<>());

        Result wrong = run(List.of(psql().toString(), "-X", "-w",
                "postgresql://postgres:wrong@127.0.0.1:" + pg.definition().port() + "/postgres", "-tAc", "select 1"));

        assertNotEquals(0, wrong.exit());
        assertTrue(wrong.output().contains("password authentication failed"), wrong.output());
    }

    @Test
    void stopIsGracefulAndLeavesNoProcessInTheDataDir() {
        PostgresManager pg = manager("pg-main", freePort());
        start(pg, new ArrayList<>());

        StopResult stop = processes.stop("pg-main");
        pg.afterStop();

        assertEquals(StopResult.Outcome.GRACEFUL, stop.outcome());
        assertEquals(List.of(), processesIn(pg.dataDir()));
        assertTrue(processes.find("pg-main").isEmpty());
    }

    @Test
    void initdbWritesStackyardsPgHbaAndAPrivatePasswordFileOutsideTheDataDir() throws Exception {
        PostgresManager pg = manager("pg-main", freePort());

        pg.prepare(installation(), line -> { });

        Path passwordFile = pg.passwordFile();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)));
        assertFalse(passwordFile.startsWith(pg.dataDir()));
        String password = pg.password().orElseThrow();
        assertEquals(24, password.length());
        assertTrue(password.matches("[A-Za-z0-9_-]+"), password);
        assertEquals("postgresql://postgres:" + password + "@127.0.0.1:" + pg.definition().port() + "/postgres",
                pg.url().orElseThrow());
        List<String> rules = Files.readAllLines(pg.dataDir().resolve("pg_hba.conf")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> String.join(" ", l.trim().split("\\s+")))
                .toList();
        assertEquals(List.of("local all all trust", "host all all 127.0.0.1/32 scram-sha-256"), rules);
        assertFalse(Files.exists(pg.initdbMarker()));
        if (ServiceEnvironment.runningAsRoot()) {
            // Stackyard's own folders become passable (not listable) for the server's account.
            assertEquals("rwx--x--x", mode(home));
            assertEquals("rwx--x--x", mode(home.resolve("data")));
            assertEquals("rwx------", mode(pg.dataDir()));
            assertNotEquals(0, (int) (Integer) Files.getAttribute(pg.dataDir(), "unix:uid"));
            assertEquals(0, (int) (Integer) Files.getAttribute(passwordFile, "unix:uid"));
        }
    }

    @Test
    void secondStartReusesTheClusterWithoutInitdb() throws Exception {
        PostgresManager pg = manager("pg-main", freePort());
        start(pg, new ArrayList<>());
        String url = pg.url().orElseThrow();
        psql(url, "create table kept (v int); insert into kept values (42)");
        processes.stop("pg-main");
        pg.afterStop();

        List<String> progress = new ArrayList<>();
        start(pg, progress);

        assertEquals(List.of(), progress);
        assertEquals(url, pg.url().orElseThrow(), "the password survives restarts");
        assertEquals("42", psql(url, "select v from kept"));
        String log = Files.readString(pg.logFile());
        assertEquals(1, log.split(" initdb: ", -1).length - 1, "initdb ran once");
    }

    @Test
    void twoInstancesRunSideBySideOnTheirOwnPorts() {
        PostgresManager a = manager("pg-a", freePort());
        PostgresManager b = manager("pg-b", freePort(a.definition().port() + 1));

        start(a, new ArrayList<>());
        start(b, new ArrayList<>());

        assertEquals("1", psql(a.url().orElseThrow(), "select 1"));
        assertEquals("1", psql(b.url().orElseThrow(), "select 1"));
        assertEquals("1", psqlOverSocket(a, "select 1"));
        assertEquals("1", psqlOverSocket(b, "select 1"));
        assertNotEquals(a.password(), b.password());
        assertNotEquals(a.dataDir(), b.dataDir());
    }

    @Test
    void stopWithAClientInAQueryIsGracefulAndDisconnectsIt() throws Exception {
        PostgresManager pg = manager("pg-main", freePort());
        start(pg, new ArrayList<>());
        String url = pg.url().orElseThrow();
        Process sleeper = client(List.of(psql().toString(), "-X", url, "-c", "select pg_sleep(60)"));
        awaitQuery(url, "select pg_sleep(60)");

        StopResult stop = processes.stop("pg-main");

        assertEquals(StopResult.Outcome.GRACEFUL, stop.outcome(), "INT (fast shutdown) ended it: " + stop);
        assertTrue(stop.took().compareTo(PostgresKind.LADDER.steps().getFirst().grace()) < 0, stop.toString());
        assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS), "the client was disconnected");
        assertNotEquals(0, sleeper.exitValue());
    }

    @Test
    void backendsOutlivingAKilledPostmasterAreKilledAfterStopAndTheNextStartWorks() throws Exception {
        PostgresManager pg = manager("pg-main", freePort());
        ProcessInfo info = start(pg, new ArrayList<>());
        String url = pg.url().orElseThrow();
        // A busy loop never waits on a latch, so it does not notice its postmaster's death.
        client(List.of(psql().toString(), "-X", url, "-c", "do $$ begin loop perform 1; end loop; end $$"));
        awaitQuery(url, "do $$ begin loop");

        ProcessHandle.of(info.identity().pid()).orElseThrow().destroyForcibly();
        assertTrue(processes.awaitExit("pg-main", Duration.ofSeconds(10)).isPresent());
        processes.stop("pg-main");
        assertFalse(processesIn(pg.dataDir()).isEmpty(), "precondition: a backend outlived its postmaster");

        pg.afterStop();

        assertEquals(List.of(), processesIn(pg.dataDir()));
        start(pg, new ArrayList<>());
        assertEquals("1", psql(url, "select 1"));
    }

    @Test
    void halfMadeDataDirIsRefusedWithTheReasonAndLeftUntouched() throws Exception {
        PostgresManager pg = manager("pg-main", freePort());
        Path data = pg.dataDir();
        Files.createDirectories(data.resolve("base/1"));
        Files.writeString(data.resolve("postgresql.conf"), "# from an initdb that died\n");
        Files.writeString(data.resolve("base/1/1259"), "x");

        ServiceException e = assertThrows(ServiceException.class, () -> pg.prepare(installation(), line -> { }));

        assertTrue(e.getMessage().contains(data + " is a half-made cluster left by an initdb that was interrupted"
                + " (Stackyard killed) or failed; Stackyard leaves it as it is: move it away, or remove it with"
                + " `stackyard remove pg-main --delete-data`, or choose another dataDir"), e.getMessage());
        assertTrue(Files.exists(data.resolve("postgresql.conf")));
        assertTrue(Files.exists(data.resolve("base/1/1259")));
        assertFalse(Files.exists(data.resolve("PG_VERSION")), "initdb was not run over it");
    }

    @Test
    void clusterWhoseInitdbNeverFinishedIsRefusedEvenWithItsControlFile() throws Exception {
        PostgresManager pg = manager("pg-main", freePort());
        pg.prepare(installation(), line -> { });
        Files.writeString(pg.initdbMarker(), "initdb started\n"); // as if it had been killed before the end

        ServiceException e = assertThrows(ServiceException.class, () -> pg.prepare(installation(), line -> { }));

        assertTrue(e.getMessage().contains("half-made cluster"), e.getMessage());
        assertTrue(Files.exists(pg.dataDir().resolve("global/pg_control")));
    }

    @Test
    void dataDirOfAnotherMajorVersionIsRefused() throws Exception {
        PostgresManager pg = manager("pg-main", freePort());
        Path data = pg.dataDir();
        Files.createDirectories(data.resolve("global"));
        Files.writeString(data.resolve("PG_VERSION"), "14\n");
        Files.writeString(data.resolve("global/pg_control"), "x");

        ServiceException e = assertThrows(ServiceException.class, () -> pg.prepare(installation(), line -> { }));

        assertTrue(e.getMessage().contains("was made by PostgreSQL 14 but this is PostgreSQL 15"), e.getMessage());
        assertEquals("14\n", Files.readString(data.resolve("PG_VERSION")));
    }

    @Test
    void takenPortFailsNamingThePortAndLeavesNothingRunning() throws Exception {
        int port = freePort();
        PostgresManager pg = manager("pg-main", port);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            ServiceManager.Launch launch = pg.prepare(installation(), line -> { });

            StartFailedException e = assertThrows(StartFailedException.class,
                    () -> processes.start(launch.spec(), launch.readiness(), launch.readyTimeout()));

            String sentence = pg.explain(e);
            assertTrue(sentence.contains("port " + port + " is already in use"), sentence);
        }
        assertTrue(processes.find("pg-main").isEmpty());
        assertEquals(List.of(), processesIn(pg.dataDir()));
    }

    @Test
    void secondServiceOnARunningDataDirIsRefusedAndTheLockFileKept() {
        PostgresManager first = manager("pg-main", freePort());
        start(first, new ArrayList<>());
        int otherPort = freePort(first.definition().port() + 1);
        PostgresManager second = new PostgresManager(ServiceDefinition.builder("pg-copy", ServiceKind.named("postgres")).port(otherPort)
                .dataDir(first.dataDir()).build(), env);
        managers.add(second);

        ServiceException e = assertThrows(ServiceException.class, () -> second.prepare(installation(), line -> { }));

        long pid = processes.find("pg-main").orElseThrow().identity().pid();
        assertTrue(e.getMessage().contains("another postgres (PID " + pid + ") is running on this data dir"), e.getMessage());
        assertTrue(Files.exists(first.dataDir().resolve("postmaster.pid")));
        assertEquals("1", psql(first.url().orElseThrow(), "select 1"));
    }

    @Test
    void longRunFolderFallsBackToAShortPrivateSocketFolderAndDeleteDataRemovesAll() throws Exception {
        useRunDir(home.resolve("run-" + "r".repeat(90)));
        PostgresManager pg = manager("pg-main", freePort());
        Path socketDir = pg.socketDir();
        assertTrue(socketDir.getFileName().toString().startsWith("stackyard-"), socketDir.toString());
        assertEquals(Path.of("/tmp"), socketDir.getParent());

        start(pg, new ArrayList<>());

        assertEquals("rwx------", mode(socketDir));
        assertEquals(Files.getAttribute(pg.dataDir(), "unix:uid"), Files.getAttribute(socketDir, "unix:uid"));
        assertEquals("1", psqlOverSocket(pg, "select 1"));

        processes.stop("pg-main");
        pg.afterStop();
        pg.deleteData();

        assertFalse(Files.exists(pg.dataDir()));
        assertFalse(Files.exists(pg.passwordFile()));
        assertFalse(Files.exists(socketDir));
    }

    @Test
    void deleteDataIsRefusedWhileTheServerRuns() {
        PostgresManager pg = manager("pg-main", freePort());
        start(pg, new ArrayList<>());

        ServiceException e = assertThrows(ServiceException.class, pg::deleteData);

        assertTrue(e.getMessage().contains("stop pg-main first"), e.getMessage());
        assertTrue(Files.exists(pg.dataDir().resolve("PG_VERSION")));
    }

    /**
     * Issue 23 §6: whoever runs code as the postgres account (any superuser's COPY ... PROGRAM) reads
     * the postmaster's /proc/PID/environ and status. It must hold none of Stackyard's environment
     * (tokens, agent sockets), no capability, and no way to gain privileges through a setuid program.
     */
    @Test
    void asRootTheServerGetsAMinimalEnvironmentNoCapabilitiesAndNoNewPrivileges() throws Exception {
        AsRoot.require("only root runs postgres as another account");
        PostgresManager pg = manager("pg-main", freePort());
        ProcessInfo info = start(pg, new ArrayList<>());

        String environ = Files.readString(Path.of("/proc/" + info.pid() + "/environ")).replace('\0', '\n');
        java.util.Set<String> names = environ.lines().map(l -> l.substring(0, Math.max(0, l.indexOf('=')))).collect(
                java.util.stream.Collectors.toSet());
        java.util.Set<String> leaked = new java.util.TreeSet<>(System.getenv().keySet());
        leaked.removeAll(java.util.Set.of("HOME", "USER", "LOGNAME", "SHELL", "PATH", "TERM", "PWD"));
        leaked.retainAll(names);
        assertTrue(!System.getenv().isEmpty() && leaked.isEmpty(), "Stackyard's environment reached postgres: " + leaked);
        assertTrue(environ.contains("USER=postgres"), environ);
        String status = Files.readString(Path.of("/proc/" + info.pid() + "/status"));
        assertTrue(status.contains("NoNewPrivs:\t1"), status);
        for (String set : List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")) {
            assertTrue(status.contains(set + ":\t0000000000000000"), set + " in " + status);
        }
    }

    @Test
    void asRootAFolderOutsideStackyardThatTheServerAccountCannotEnterIsNamedAndLeftAlone(@TempDir Path outside)
            throws Exception {
        AsRoot.require("only root runs postgres as another account");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwx------"));
        PostgresManager pg = new PostgresManager(ServiceDefinition.builder("pg-main", ServiceKind.named("postgres")).port(freePort())
                .dataDir(outside.resolve("cluster")).build(), env);
        managers.add(pg);

        ServiceException e = assertThrows(ServiceException.class, () -> pg.prepare(installation(), line -> { }));

        assertTrue(e.getMessage().contains("cannot enter " + outside.toRealPath()), e.getMessage());
        assertTrue(e.getMessage().contains("chmod o+x " + outside.toRealPath()), e.getMessage());
        assertEquals("rwx------", mode(outside));
        assertFalse(Files.exists(outside.resolve("cluster")));
    }

    @Test
    void asRootWithStackyardBehindAClosedFolderTheDefaultClusterGoesWhereTheServerAccountCanReachIt(@TempDir Path outside)
            throws Exception {
        AsRoot.require("only root runs postgres as another account");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwx--x--x")); // passable, like /var/lib
        Path closed = Files.createDirectory(outside.resolve("root"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))); // like /root
        Path base = outside.resolve("var-lib-stackyard");
        ServiceEnvironment behindRoot = new ServiceEnvironment(closed.resolve("home/data"), closed.resolve("home/run"),
                closed.resolve("home/logs"), env.installations());
        ProcessManager pm = new ProcessManager(behindRoot.processStateDir());
        processManagers.add(pm);
        PostgresManager pg = new PostgresManager(ServiceDefinition.of("pg-main", ServiceKind.named("postgres"), freePort()),
                behindRoot, true, base);
        managers.add(pg);

        ServiceManager.Launch launch = pg.prepare(installation(), line -> { });
        pm.start(launch.spec(), launch.readiness(), launch.readyTimeout());

        assertTrue(pg.dataDir().startsWith(base) && pg.dataDir().endsWith("postgres/pg-main"), pg.dataDir().toString());
        assertTrue(pg.socketDir().startsWith(base), pg.socketDir().toString());
        assertEquals("1", psql(pg.url().orElseThrow(), "select 1"));
        assertEquals("rwx------", mode(closed), "the closed folder is never opened");
        assertEquals(pg.dataDir(), new PostgresManager(pg.definition(), behindRoot, true, base).dataDir(), "stable");
    }

    // ---------------------------------------------------------------- helpers

    private void useRunDir(Path runDir) {
        env = new ServiceEnvironment(home.resolve("data"), runDir, home.resolve("logs"),
                Installations.load(home.resolve("data/bundles")));
        processes = new ProcessManager(env.processStateDir());
        processManagers.add(processes);
    }

    private PostgresManager manager(String id, int port) {
        PostgresManager m = new PostgresManager(ServiceDefinition.of(id, ServiceKind.named("postgres"), port), env);
        managers.add(m);
        return m;
    }

    private Installation installation() {
        return Daemons.require(ServiceKind.named("postgres"));
    }

    private ProcessInfo start(PostgresManager m, List<String> progress) {
        ServiceManager.Launch launch = m.prepare(installation(), progress::add);
        return processes.start(launch.spec(), launch.readiness(), launch.readyTimeout());
    }

    private static int freePort() {
        return TestPorts.free();
    }

    private static int freePort(int from) {
        return PortCheck.findFree(from);
    }

    private static Path psql() {
        return Daemons.sibling(ServiceKind.named("postgres"), "psql");
    }

    /** psql over TCP with a connection URL; the answer, trimmed; fails the test on an error. */
    private String psql(String url, String sql) {
        Result r = run(List.of(psql().toString(), "-X", "-w", url, "-v", "ON_ERROR_STOP=1", "-tAc", sql));
        assertEquals(0, r.exit(), r.output());
        return r.output().strip();
    }

    /** psql over the unix socket, as the account that owns the cluster (the socket is 0700). */
    private String psqlOverSocket(PostgresManager m, String sql) {
        List<String> argv = new ArrayList<>(asServerAccount(m));
        argv.addAll(List.of(psql().toString(), "-X", "-w", "-h", m.socketDir().toString(),
                "-p", m.definition().port().toString(), "-U", "postgres", "-d", "postgres", "-tAc", sql));
        Result r = run(argv);
        assertEquals(0, r.exit(), r.output());
        return r.output().strip();
    }

    private static List<String> asServerAccount(PostgresManager m) {
        if (!ServiceEnvironment.runningAsRoot()) {
            return List.of();
        }
        try {
            int uid = (Integer) Files.getAttribute(m.dataDir(), "unix:uid");
            int gid = (Integer) Files.getAttribute(m.dataDir(), "unix:gid");
            return List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls pg_stat_activity (each poll a psql round trip) until a query starting with {@code prefix} runs. */
    private void awaitQuery(String url, String prefix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String sql = "select count(*) from pg_stat_activity where state = 'active' and query like '"
                + prefix.replace("'", "''") + "%'";
        while (System.nanoTime() < deadline) {
            if (!psql(url, sql).equals("0")) {
                return;
            }
        }
        throw new AssertionError("the query '" + prefix + "' never showed up in pg_stat_activity");
    }

    private Process client(List<String> argv) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        clients.add(p);
        return p;
    }

    record Result(int exit, String output) {
    }

    private Result run(List<String> argv) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).directory(new File("/"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("PGCONNECT_TIMEOUT", "10");
            pb.environment().keySet().removeIf(k -> k.equals("PGPASSWORD") || k.equals("PGSERVICE"));
            Process p = pb.start();
            clients.add(p);
            // Output is small; reading to EOF ends when psql exits (or is killed at the deadline).
            Thread killer = Thread.ofVirtual().start(() -> {
                try {
                    if (!p.waitFor(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            killer.interrupt();
            clients.remove(p);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PIDs of every process whose working directory is {@code dir}, found independently of the code under test. */
    private static List<Long> processesIn(Path dir) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                try {
                    if (Files.readSymbolicLink(proc.resolve("cwd")).equals(real) && !isZombie(proc)) {
                        out.add(Long.parseLong(proc.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // gone, or not ours to look at
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static boolean isZombie(Path proc) throws IOException {
        String stat = new String(Files.readAllBytes(proc.resolve("stat")), StandardCharsets.US_ASCII);
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state == 'Z' || state == 'X';
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a /tmp folder
        }
    }
}
