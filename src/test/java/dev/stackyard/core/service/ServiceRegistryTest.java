package dev.stackyard.core.service;

import dev.stackyard.testing.Daemons;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.probe.PortCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry over real redis and real child processes, in a temporary STACKYARD_HOME. */
class ServiceRegistryTest {
    @TempDir
    Path home;
    private final List<ServiceRegistry> registries = new ArrayList<>();
    private final List<ProcessManager> managers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        for (ServiceRegistry r : registries) {
            r.stopAll();
            r.close();
        }
        managers.forEach(ProcessManager::close);
    }

    private ServiceEnvironment env() {
        return new ServiceEnvironment(home.resolve("data"), home.resolve("run"), home.resolve("logs"),
                Installations.load(home.resolve("data/bundles")));
    }

    private ServiceRegistry registry(ServiceDefinition... defs) {
        ServiceEnvironment env = env();
        ProcessManager pm = new ProcessManager(env.processStateDir());
        managers.add(pm);
        ServiceRegistry r = new ServiceRegistry(List.of(defs), env, pm);
        registries.add(r);
        return r;
    }

    private static void assumeRedis() {
        Daemons.require(ServiceKind.named("redis"));
    }

    static String redis(int port, String... command) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            StringBuilder req = new StringBuilder("*" + command.length + "\r\n");
            for (String c : command) {
                req.append('$').append(c.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(c).append("\r\n");
            }
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            return first.startsWith("$") && !first.equals("$-1") ? in.readLine() : first;
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void redisStartsReadyServesAndStopsLeavingNothing() throws Exception {
        assumeRedis();
        int port = PortCheck.findFree(20000);
        ServiceRegistry r = registry(ServiceDefinition.of("cache", ServiceKind.named("redis"), port));
        assertEquals(ServiceState.STOPPED, r.snapshot("cache").orElseThrow().state());

        ServiceSnapshot running = r.start("cache");

        assertEquals(ServiceState.RUNNING, running.state());
        assertNotNull(running.pid());
        assertEquals("redis://127.0.0.1:" + port, running.url());
        assertEquals("OK", redis(port, "SET", "greeting", "hello").substring(1));
        assertEquals("hello", redis(port, "GET", "greeting"));
        long pid = running.pid();

        ServiceSnapshot stopped = r.stop("cache");
        assertEquals(ServiceState.STOPPED, stopped.state());
        assertNull(stopped.pid());
        assertTrue(ProcFs.stat(pid).filter(s -> !s.isZombie()).isEmpty(), "redis still running");
        assertTrue(ProcFs.groupMembers(pid).isEmpty());
        assertFalse(Files.exists(stopped.pidFile()), "pid file left behind");
    }

    @Test
    void startingARunningServiceIsANoOp() {
        assumeRedis();
        ServiceRegistry r = registry(ServiceDefinition.of("cache", ServiceKind.named("redis"), PortCheck.findFree(20100)));
        long pid = r.start("cache").pid();
        assertEquals(pid, r.start("cache").pid());
        assertEquals(pid, registry(ServiceDefinition.of("cache", ServiceKind.named("redis"), r.snapshot("cache").orElseThrow().port()))
                .start("cache").pid(), "a second registry (another CLI call) adopts, never spawns a second redis");
    }

    @Test
    void portAlreadyTakenFailsNamingThePortAndTheHolder() throws IOException {
        assumeRedis();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            ServiceRegistry r = registry(ServiceDefinition.of("cache", ServiceKind.named("redis"), port));
            ServiceException e = assertThrows(ServiceException.class, () -> r.start("cache"));
            assertTrue(e.getMessage().contains("port " + port), e.getMessage());
            assertTrue(e.getMessage().contains("PID " + ProcessHandle.current().pid()), e.getMessage());
            ServiceSnapshot s = r.snapshot("cache").orElseThrow();
            assertEquals(ServiceState.FAILED, s.state());
            assertEquals(e.getMessage(), s.lastError());
            assertTrue(r.manager("cache").orElseThrow().definition().port() == port);
            assertTrue(ProcFs.all().stream().noneMatch(p -> p.ppid() == ProcessHandle.current().pid()
                    && ProcFs.exe(p.pid()).orElse("").contains("redis")), "a redis was spawned");
        }
    }

    @Test
    void aCrashShowsAsFailedWithTheReason() throws Exception {
        assumeRedis();
        ServiceRegistry r = registry(ServiceDefinition.of("cache", ServiceKind.named("redis"), PortCheck.findFree(20200)));
        long pid = r.start("cache").pid();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        waitUntil(() -> r.snapshot("cache").orElseThrow().state() == ServiceState.FAILED, "FAILED after kill -9");
        ServiceSnapshot s = r.snapshot("cache").orElseThrow();
        assertTrue(s.lastError().contains("stopped unexpectedly") && s.lastError().contains("KILL"), s.lastError());
        assertFalse(s.logTail().isEmpty());
    }

    @Test
    void aFreshRegistrySeesWhatAnEarlierOneStartedAndWhatDiedMeanwhile() throws Exception {
        assumeRedis();
        int port = PortCheck.findFree(20300);
        ServiceRegistry first = registry(ServiceDefinition.of("cache", ServiceKind.named("redis"), port));
        long pid = first.start("cache").pid();

        ServiceRegistry second = registry(ServiceDefinition.of("cache", ServiceKind.named("redis"), port));
        assertEquals(ServiceState.RUNNING, second.snapshot("cache").orElseThrow().state());
        assertEquals(pid, second.snapshot("cache").orElseThrow().pid());

        second.stop("cache");
        waitUntil(() -> first.snapshot("cache").orElseThrow().state() == ServiceState.STOPPED,
                "the first registry sees a stop made by another as STOPPED, not a crash");
    }

    @Test
    void aProcessKilledWhileNobodyWatchedIsReportedByTheNextRegistry() throws Exception {
        int port = PortCheck.findFree(20400);
        ServiceDefinition def = processDef("worker", List.of("sleep", "1000"));
        ServiceEnvironment env = env();
        ProcessManager pm = new ProcessManager(env.processStateDir());
        ServiceRegistry first = new ServiceRegistry(List.of(def), env, pm);
        long pid = first.start("worker").pid();
        first.close();
        pm.close();
        // Simulate the first JVM being gone: nobody watches when the process is killed.
        ProcessManager pm2 = new ProcessManager(env.processStateDir());
        ServiceRegistry second = new ServiceRegistry(List.of(def), env, pm2);
        assertEquals(pid, second.snapshot("worker").orElseThrow().pid());
        second.close();
        pm2.close();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        waitUntil(() -> ProcFs.stat(pid).filter(s -> !s.isZombie()).isEmpty(), "killed");
        ServiceRegistry third = registry(def);
        ServiceSnapshot s = third.snapshot("worker").orElseThrow();
        assertTrue(s.state() == ServiceState.FAILED, s.toString());
        assertTrue(s.lastError().contains("no longer running"), s.lastError());
        assertFalse(Files.exists(s.pidFile()), "stale pid file cleaned");
        assertTrue(port > 0);
    }

    @Test
    void stopAllStopsInParallel() {
        List<ServiceDefinition> defs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            defs.add(processDef("slow" + i, List.of("bash", "-c", "trap 'sleep 1; exit 0' TERM; while :; do sleep 100 & wait $!; done")));
        }
        ServiceRegistry r = registry(defs.toArray(ServiceDefinition[]::new));
        r.startAll().values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.error())));
        long t0 = System.nanoTime();
        Map<String, ServiceRegistry.Outcome> results = r.stopAll();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        results.values().forEach(o -> assertEquals(ServiceState.STOPPED, o.snapshot().state()));
        assertTrue(ms < 6_000, "10 stops of 1 s took " + ms + " ms");
    }

    @Test
    void stopAllWithADeadlineKillsWhatIgnoresItsSignal() {
        ServiceDefinition stubborn = ServiceDefinition.builder("stubborn", ServiceKind.named("process")).stopTimeout(Duration.ofSeconds(30))
                .command(List.of("bash", "-c", "trap '' TERM; while :; do sleep 100 & wait $!; done")).build();
        ServiceRegistry r = registry(stubborn, processDef("polite", List.of("sleep", "1000")));
        r.startAll().values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.error())));
        assertEquals(Duration.ofSeconds(30), r.largestStopGrace());
        long pid = r.snapshot("stubborn").orElseThrow().pid();
        long t0 = System.nanoTime();
        r.stopAll(Duration.ofMillis(500)).values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.error())));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 5_000, "stop-all with a 0.5 s deadline took " + ms + " ms");
        assertTrue(ProcFs.stat(pid).filter(s -> !s.isZombie()).isEmpty());
        assertEquals(Duration.ZERO, r.largestStopGrace());
    }

    @Test
    void aMissingBinaryIsNotInstalledAndTheOthersStillWork() {
        ServiceRegistry r = registry(processDef("ghost", List.of("/nonexistent/bin/thing")),
                processDef("ok", List.of("sleep", "1000")));
        ServiceSnapshot ghost = r.snapshot("ghost").orElseThrow();
        assertEquals(ServiceState.NOT_INSTALLED, ghost.state());
        assertTrue(ghost.lastError().contains("not found"), ghost.lastError());
        ServiceException e = assertThrows(ServiceException.class, () -> r.start("ghost"));
        assertTrue(e.getMessage().contains("/nonexistent/bin/thing"), e.getMessage());
        assertEquals(ServiceState.RUNNING, r.start("ok").state());
    }

    @Test
    void aCommandThatDiesAtOnceIsAFailedStartWithItsOutput() {
        ServiceRegistry r = registry(processDef("dies", List.of("bash", "-c", "echo 'cannot open config'; exit 7")));
        ServiceException e = assertThrows(ServiceException.class, () -> r.start("dies"));
        assertTrue(e.getMessage().contains("exit code 7"), e.getMessage());
        assertTrue(e.detail().contains("cannot open config"), e.detail().toString());
        assertEquals(ServiceState.FAILED, r.snapshot("dies").orElseThrow().state());
    }

    @Test
    void startingNginxStartsItsPhpFirstAndServesPhpThroughIt() throws Exception {
        Daemons.require(ServiceKind.named("nginx"));
        Daemons.require(ServiceKind.named("php-fpm"));
        int port = PortCheck.findFree(20500);
        ServiceDefinition web = ServiceDefinition.builder("web", ServiceKind.named("nginx")).port(port).php("php").build();
        ServiceRegistry r = registry(web, ServiceDefinition.of("php", ServiceKind.named("php-fpm"), null));

        Map<String, ServiceRegistry.Outcome> started = r.start(List.of("web"));

        assertEquals(List.of("web", "php"), List.copyOf(started.keySet()));
        assertEquals(ServiceState.RUNNING, r.snapshot("php").orElseThrow().state(), "php-fpm started as a dependency");
        Path www = env().dataDir().resolve("www");
        Files.writeString(www.resolve("answer.php"), "<?php echo 'answer=' . (6 * 7);");
        var client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(r.snapshot("web").orElseThrow().url() + "answer.php")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("answer=42", response.body());

        long nginx = r.snapshot("web").orElseThrow().pid();
        long php = r.snapshot("php").orElseThrow().pid();
        r.stopAll().values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.error())));
        assertTrue(ProcFs.groupMembers(nginx).isEmpty(), "nginx workers left");
        assertTrue(ProcFs.groupMembers(php).isEmpty(), "php-fpm workers left");
    }

    @Test
    void dependsOnStartsWhatIsNeededFirstAndStopsItLast() {
        ServiceDefinition db = ServiceDefinition.builder("db", ServiceKind.named("process"))
                .command(List.of("bash", "-c", "sleep 0.2; echo up; exec sleep 1000"))
                .readiness(new ServiceDefinition.ProcessReadiness(null, "^up$")).build();
        ServiceDefinition app = ServiceDefinition.builder("app", ServiceKind.named("process"))
                .command(List.of("sleep", "1000")).dependsOn(List.of("db")).build();
        ServiceDefinition worker = ServiceDefinition.builder("worker", ServiceKind.named("process"))
                .command(List.of("sleep", "1000")).dependsOn(List.of("app")).build();
        ServiceRegistry r = registry(worker, app, db);
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        r.addListener(s -> events.add(s.id() + " " + s.state()));

        Map<String, ServiceRegistry.Outcome> started = r.start(List.of("worker"));

        assertEquals(java.util.Set.of("worker", "db", "app"), started.keySet(), "what worker needs, transitively");
        started.values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.error())));
        assertTrue(events.indexOf("db RUNNING") < events.indexOf("app STARTING"), events.toString());
        assertTrue(events.indexOf("app RUNNING") < events.indexOf("worker STARTING"), events.toString());

        events.clear();
        r.stopAll().values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.error())));

        assertTrue(events.indexOf("worker STOPPED") < events.indexOf("app STOPPING"), events.toString());
        assertTrue(events.indexOf("app STOPPED") < events.indexOf("db STOPPING"), events.toString());
        assertTrue(events.indexOf("db STOPPED") >= 0, events.toString());
    }

    @Test
    void aWrapperThatExecsAnotherProgramAfterItsReadyLineIsStillStopped() throws Exception {
        // Ready on "up" while still bash, so the identity records bash; only then does it exec sleep.
        Path gate = home.resolve("gate");
        ServiceDefinition wrapper = ServiceDefinition.builder("wrapper", ServiceKind.named("process"))
                .command(List.of("bash", "-c", "echo up; while [ ! -e " + gate + " ]; do sleep 0.05; done; exec sleep 1000"))
                .readiness(new ServiceDefinition.ProcessReadiness(null, "^up$")).build();
        ServiceRegistry r = registry(wrapper);
        long pid = r.start("wrapper").pid();
        Files.createFile(gate);
        waitUntil(() -> ProcFs.exe(pid).map(exe -> exe.endsWith("/sleep")).orElse(false), "the wrapper exec'd sleep");

        ServiceRegistry.Outcome stopped = r.stop(List.of("wrapper")).get("wrapper");

        assertTrue(stopped.ok(), String.valueOf(stopped.error()));
        assertEquals(ServiceState.STOPPED, r.snapshot("wrapper").orElseThrow().state());
        assertTrue(ProcFs.stat(pid).filter(st -> !st.isZombie()).isEmpty(), "the exec'd program is gone");
    }

    @Test
    void redisDeleteDataDeletesItsDumpAndSaysWhatItDeleted() throws Exception {
        assumeRedis();
        int port = PortCheck.findFree(21000);
        ServiceRegistry r = registry(ServiceDefinition.of("cache", ServiceKind.named("redis"), port));
        r.start("cache");
        assertEquals("+OK", redis(port, "SAVE"));
        r.stop("cache");
        Path dataDir = home.resolve("data/redis/cache");
        assertTrue(Files.exists(dataDir.resolve("dump.rdb")));

        List<Path> deleted = r.manager("cache").orElseThrow().deleteData();

        assertEquals(List.of(dataDir.resolve("dump.rdb"), dataDir), deleted);
        assertFalse(Files.exists(dataDir));
    }

    @Test
    void aKindThatKeepsNoDataRefusesToDeleteIt() {
        ServiceRegistry r = registry(processDef("worker", List.of("sleep", "1000")));

        ServiceException e = assertThrows(ServiceException.class, () -> r.manager("worker").orElseThrow().deleteData());

        assertTrue(e.getMessage().contains("keeps no data"), e.getMessage());
    }

    @Test
    void unknownServiceIsAClearError() {
        ServiceRegistry r = registry();
        ServiceException e = assertThrows(ServiceException.class, () -> r.start("nope"));
        assertTrue(e.getMessage().contains("no service 'nope'"), e.getMessage());
    }

    @Test
    void illegalTransitionsNameTheServiceAndTheAllowedStates() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServiceState.checkTransition("db", ServiceState.STARTING, ServiceState.STOPPING));
        assertTrue(e.getMessage().contains("'db'") && e.getMessage().contains("STARTING")
                && e.getMessage().contains("RUNNING"), e.getMessage());
        ServiceState.checkTransition("db", ServiceState.STOPPED, ServiceState.STARTING);
        ServiceState.checkTransition("db", ServiceState.RUNNING, ServiceState.FAILED);
    }

    static ServiceDefinition processDef(String id, List<String> command) {
        return ServiceDefinition.builder(id, ServiceKind.named("process")).command(command).build();
    }
}
