package dev.stackyard.core.service.kind.nginx;

import dev.stackyard.testing.AsRoot;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.kind.phpfpm.PhpFpmManager;
import dev.stackyard.core.service.kind.WebKindsTestSupport;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceAccount;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.process.ProcessManager;
import com.sun.net.httpserver.HttpServer;
import dev.stackyard.core.process.ExitStatus;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.ProcessInfo;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

import static dev.stackyard.core.service.kind.WebKindsTestSupport.freePort;
import static dev.stackyard.core.service.kind.WebKindsTestSupport.get;
import static dev.stackyard.core.service.kind.WebKindsTestSupport.nginx;
import static dev.stackyard.core.service.kind.WebKindsTestSupport.phpFpm;
import static dev.stackyard.core.service.kind.WebKindsTestSupport.processesIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nginx run by its manager through the real process core, against the real nginx and php-fpm binaries. */
class NginxManagerTest {
    @TempDir
    Path home;
    private WebKindsTestSupport yard;

    @BeforeEach
    void setUp() {
        yard = new WebKindsTestSupport(home);
    }

    @AfterEach
    void tearDown() {
        yard.close();
    }

    @Test
    void servesPhpThroughPhpFpmAndTheWelcomePageAndStopsWithNothingLeft() throws Exception {
        PhpFpmManager php = new PhpFpmManager(phpFpm("php"), yard.env);
        int port = freePort();
        NginxManager web = new NginxManager(nginx("web", port, null, "php"), yard.env);
        ProcessInfo phpInfo = yard.start(php);
        ProcessInfo webInfo = yard.start(web);
        Files.writeString(web.root().resolve("answer.php"), "<?php echo 6 * 7;\n");

        var answer = get(port, "/answer.php");
        assertEquals(200, answer.status(), answer.body());
        assertEquals("42", answer.body());

        var welcome = get(port, "/");
        assertEquals(200, welcome.status());
        assertTrue(welcome.body().contains("Stackyard: web is running"), welcome.body());
        assertTrue(welcome.headers().contains("Content-Type: text/html"), welcome.headers());

        assertEquals(StopResult.Outcome.GRACEFUL, yard.processManager.stop(web.id()).outcome());
        assertEquals(StopResult.Outcome.GRACEFUL, yard.processManager.stop(php.id()).outcome());
        assertEquals(List.of(), ProcFs.groupMembers(webInfo.pid()));
        assertEquals(List.of(), ProcFs.groupMembers(phpInfo.pid()));
        assertEquals(List.of(), processesIn(yard.env.serviceRunDir(web.id())));
        assertEquals(List.of(), processesIn(yard.env.serviceRunDir(php.id())));
    }

    @Test
    void aStackyardFolderWithSpacesInItsNameWorks() throws Exception {
        try (WebKindsTestSupport odd = new WebKindsTestSupport(home.resolve("My Stack yard"))) {
            PhpFpmManager php = new PhpFpmManager(phpFpm("php"), odd.env);
            int port = freePort();
            NginxManager web = new NginxManager(nginx("web", port, null, "php"), odd.env);
            odd.start(php);
            odd.start(web);
            Files.writeString(web.root().resolve("answer.php"), "<?php echo 6 * 7;\n");

            assertEquals("42", get(port, "/answer.php").body());
        }
    }

    @Test
    void withPhpPathsThatAreNoFileGoToIndexPhpWithTheirPathInfo() throws Exception {
        Path root = Files.createDirectories(home.resolve("site/public"));
        Files.writeString(root.resolve("index.php"), "<?php echo $_SERVER['REQUEST_URI'], '|', $_SERVER['PATH_INFO'] ?? '-';\n");
        yard.start(new PhpFpmManager(phpFpm("php"), yard.env));
        int port = freePort();
        yard.start(new NginxManager(nginx("web", port, root, "php"), yard.env));

        assertEquals("/users/7?tab=2|-", get(port, "/users/7?tab=2").body());
        assertEquals("/index.php/extra|/extra", get(port, "/index.php/extra").body());
        assertEquals(404, get(port, "/missing.php").status());
    }

    @Test
    void aQuitStopIsGraceful() throws Exception {
        int port = freePort();
        NginxManager web = new NginxManager(nginx("web", port, null, null), yard.env);
        ProcessInfo info = yard.start(web);
        assertEquals(200, get(port, NginxManager.HEALTH_PATH).status());

        StopResult stop = yard.processManager.stop(web.id());

        assertEquals(StopResult.Outcome.GRACEFUL, stop.outcome());
        assertEquals(OptionalInt.of(0), stop.status().exitCode());
        assertEquals(List.of(), ProcFs.groupMembers(info.pid()));
        assertTrue(Files.readString(web.logFile()).contains("signal 3 (SIGQUIT) received"));
    }

    @Test
    void aSecondStartAfterAStopWorksAndTheTempFoldersStayOwnedByThisUser() throws Exception {
        int port = freePort();
        NginxManager web = new NginxManager(nginx("web", port, null, null), yard.env);
        yard.start(web);
        yard.processManager.stop(web.id());

        yard.start(web);

        assertEquals(200, get(port, "/").status());
        // As root the workers (the web account) write there; nginx gives it the folders.
        String me = dev.stackyard.core.service.ServiceEnvironment.runningAsRoot() ? "www-data" : System.getProperty("user.name");
        for (String dir : NginxManager.TEMP_DIRS) {
            Path temp = web.tempDir().resolve(dir);
            assertTrue(Files.isDirectory(temp), temp + " exists");
            assertEquals(me, Files.getOwner(temp).getName(), temp + " owner");
        }
    }

    @Test
    void onATakenPortTheStartFailsWithASentenceNamingThePortAndLeavesNothingRunning() throws Exception {
        int port = freePort();
        NginxManager web = new NginxManager(nginx("web", port, null, null), yard.env);
        try (ServerSocket _ = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            StartFailedException failure = assertThrows(StartFailedException.class, () -> yard.start(web));

            assertEquals(StartFailedException.Reason.EXITED_BEFORE_READY, failure.reason());
            String sentence = web.explain(failure);
            assertTrue(sentence.contains("port " + port + " is already in use"), sentence);
        }
        assertTrue(yard.processManager.find(web.id(), web.pidFile()).isEmpty());
        assertEquals(List.of(), processesIn(yard.env.serviceRunDir(web.id())));
        assertFalse(Files.exists(yard.processManager.stateFile(web.id())));
    }

    @Test
    void anotherHttpServerAnsweringOnItsPortIsNotMistakenForThisNginx() throws Exception {
        int port = freePort();
        NginxManager web = new NginxManager(nginx("web", port, null, null), yard.env);
        // Like a dev server with a catch-all route: 200 for every path, /stackyard-health too.
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        other.createContext("/", exchange -> {
            byte[] body = "hello from someone else".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        try {
            StartFailedException failure = assertThrows(StartFailedException.class, () -> yard.start(web));

            assertTrue(web.explain(failure).contains("port " + port + " is already in use"), web.explain(failure));
        } finally {
            other.stop(0);
        }
        assertEquals(List.of(), processesIn(yard.env.serviceRunDir(web.id())));
    }

    @Test
    void anIndexHtmlAlreadyInTheDefaultFolderIsNeverOverwritten() throws Exception {
        Path www = Files.createDirectories(yard.env.dataDir().resolve("www"));
        Files.writeString(www.resolve("index.html"), "mine");
        int port = freePort();
        NginxManager web = new NginxManager(nginx("web", port, null, "php"), yard.env);

        yard.start(web);

        assertEquals("mine", get(port, "/").body());
        assertEquals("mine", Files.readString(www.resolve("index.html")));
    }

    @Test
    void anExistingFolderWithoutIndexGetsNoWelcomePage() throws Exception {
        Path www = Files.createDirectories(yard.env.dataDir().resolve("www"));
        int port = freePort();
        NginxManager web = new NginxManager(nginx("web", port, null, null), yard.env);

        yard.start(web);

        assertEquals(List.of(), listing(www));
        assertEquals(403, get(port, "/").status(), "no index and no autoindex");
    }

    @Test
    void aWebFolderOfTheUsersOwnThatIsMissingIsASentenceNotACreatedFolder() {
        Path missing = home.resolve("projects/typo");
        NginxManager web = new NginxManager(nginx("web", freePort(), missing, null), yard.env);

        ServiceException e = assertThrows(ServiceException.class,
                () -> web.prepare(new Installation(ServiceKind.named("nginx"), "1.22", Path.of("/usr/sbin/nginx")), line -> { }));

        assertEquals("web cannot start: its web folder " + missing + " does not exist; create it or change root in the config",
                e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void itsErrorLogLandsInTheServiceLogAndRequestsInTheAccessLog() throws Exception {
        int port = freePort();
        NginxManager web = new NginxManager(nginx("web", port, null, null), yard.env);
        yard.start(web);
        get(port, "/nothing-here.html");
        yard.processManager.stop(web.id()); // nginx writes the access log line before it closes the connection

        String log = Files.readString(web.logFile());
        assertTrue(log.contains("start worker process"), log);
        assertTrue(Files.readString(web.accessLogFile()).contains("\"GET /nothing-here.html HTTP/1.0\" 404"));
        assertEquals(yard.env.logDir().resolve("web.access.log"), web.accessLogFile());
    }

    /** Log lines as nginx 1.22 writes them; {@code PORT} stands for a port nobody holds now. */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(List.of(
                                "2026/11/23 01:58:26 [emerg] 21603#21603: bind() to 127.0.0.1:PORT failed (98: Address already in use)",
                                "2026/11/23 01:58:26 [notice] 21603#21603: try again to bind() after 500ms",
                                "2026/11/23 01:58:26 [emerg] 21603#21603: still could not bind()"),
                        "web could not start: port PORT is already in use; stop that program or choose another port"),
                Arguments.of(List.of(
                                "2026/11/23 01:58:26 [emerg] 21603#21603: bind() to 127.0.0.1:PORT failed (13: Permission denied)"),
                        "web could not start: port PORT needs root privileges, as every port below 1024 does;"
                                + " choose a port from 1024 up"),
                Arguments.of(List.of(
                                "2026/11/23 01:58:22 [emerg] 21493#21493: open() \"/srv/x/mime.types\" failed (13: Permission denied)"
                                        + " in /srv/x/nginx.conf:19"),
                        "web could not start: nginx said: open() \"/srv/x/mime.types\" failed (13: Permission denied)"
                                + " in /srv/x/nginx.conf:19"),
                Arguments.of(List.of("nginx: [emerg] unknown directive \"foo\" in /srv/x/nginx.conf:3"),
                        "web could not start: nginx said: unknown directive \"foo\" in /srv/x/nginx.conf:3"),
                Arguments.of(List.of("Segmentation fault"), "web exited before it was ready (exit code 139)"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailedStartIsExplainedInOneSentence(List<String> logTail, String expected) {
        String sentence = NginxFailures.explain(Optional.of(new ExitStatus(139, null)),
                logTail.stream().map(l -> l.replace("PORT", "8080")).toList(),
                new NginxFailures.Context("web", 8080, Optional.empty()), "web exited before it was ready (exit code 139)");

        assertEquals(expected.replace("PORT", "8080"), sentence);
    }

    @Test
    void aTakenPortIsExplainedWithWhatHoldsIt() {
        String sentence = NginxFailures.explain(Optional.of(new ExitStatus(1, null)),
                List.of("[emerg] 1#1: still could not bind()"),
                new NginxFailures.Context("web", 8080, Optional.of("port 8080 is used by PID 42 (node)")), "fallback");

        assertEquals("web could not start: port 8080 is used by PID 42 (node); stop that program or choose another port", sentence);
    }

    @Test
    void itsUrlIsTheLoopbackAddressWithItsPort() {
        NginxManager web = new NginxManager(nginx("web", 8088, null, null), yard.env);
        assertEquals("http://127.0.0.1:8088/", web.url().orElseThrow());
        assertEquals(List.of(8088), web.ports());
    }

    private static List<String> listing(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /**
     * As root with the default STACKYARD_HOME ({@code /root/.local/share/stackyard}, behind /root,
     * 0700), the web account cannot pass through to Stackyard's folders: php-fpm's socket, nginx's
     * temp folders and the default web folder go under the root base, as postgres's and mariadb's
     * files do, and /root is never loosened. Here a fresh 0700 folder stands in for /root and a
     * temporary folder for /var/lib/stackyard.
     */
    @Test
    void asRootWithStackyardBehindAClosedFolderPhpAndTheDefaultWebFolderAreServedFromTheRootBase(@TempDir Path outside)
            throws Exception {
        AsRoot.require("only root hands the workers to another account");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwx--x--x")); // passable, like /var/lib
        Path closed = Files.createDirectory(outside.resolve("root"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))); // like /root
        Path base = outside.resolve("var-lib-stackyard");
        ServiceEnvironment behindRoot = new ServiceEnvironment(closed.resolve(".local/share/stackyard/data"),
                closed.resolve(".local/share/stackyard/run"), closed.resolve(".local/share/stackyard/logs"),
                yard.env.installations());
        ProcessManager pm = new ProcessManager(behindRoot.processStateDir());
        try {
            PhpFpmManager php = new PhpFpmManager(phpFpm("php"), behindRoot, base);
            int port = freePort();
            NginxManager web = new NginxManager(nginx("web", port, null, "php"), behindRoot, base);
            ServiceManager.Launch phpLaunch = php.prepare(WebKindsTestSupport.installedOrSkip(php), line -> { });
            pm.start(phpLaunch.spec(), phpLaunch.readiness(), phpLaunch.readyTimeout());
            // A default web folder made by an earlier start, when the workers ran as root: left alone, and said.
            Path earlier = Files.createDirectories(behindRoot.dataDir().resolve("www"));
            Files.writeString(earlier.resolve("kept.html"), "kept");
            List<String> progress = new java.util.ArrayList<>();
            ServiceManager.Launch webLaunch = web.prepare(WebKindsTestSupport.installedOrSkip(web), progress::add);
            assertTrue(progress.stream().anyMatch(l -> l.contains("move what you keep in " + earlier)), progress.toString());
            assertEquals("kept", Files.readString(earlier.resolve("kept.html")));
            ProcessInfo master = pm.start(webLaunch.spec(), webLaunch.readiness(), webLaunch.readyTimeout());
            Files.writeString(web.root().resolve("who.php"),
                    "<?php echo 6 * 7, ' uid=', function_exists('posix_geteuid') ? posix_geteuid() : trim(exec('id -u'));\n");

            int webAccount = ServiceAccount.lookup("www-data").orElseThrow().uid();
            var answer = get(port, "/who.php");
            assertEquals(200, answer.status(), answer.body());
            assertEquals("42 uid=" + webAccount, answer.body());
            assertEquals(200, get(port, "/").status(), "the welcome page of the default web folder");
            List<Long> workers = ProcFs.children(master.pid());
            assertFalse(workers.isEmpty(), "nginx has workers");
            for (long worker : workers) {
                String uidLine = Files.readAllLines(Path.of("/proc/" + worker + "/status")).stream()
                        .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
                assertEquals(Integer.toString(webAccount), uidLine.split("\\s+")[2], "worker " + worker + ": " + uidLine);
            }
            assertTrue(php.socketPath().startsWith(base), php.socketPath().toString());
            assertTrue(web.root().startsWith(base), web.root().toString());
            assertTrue(web.tempDir().startsWith(base), web.tempDir().toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(closed)),
                    "the closed folder is never opened");
            assertEquals(StopResult.Outcome.GRACEFUL, pm.stop(web.id()).outcome());
            assertEquals(StopResult.Outcome.GRACEFUL, pm.stop(php.id()).outcome());
        } finally {
            try {
                pm.stopAll(WebKindsTestSupport.STOP_DEADLINE);
            } finally {
                pm.close();
            }
        }
    }

    /** As root, an nginx {@code root} of the user's behind a folder the web account cannot enter is refused, not moved. */
    @Test
    void asRootAWebRootBehindAFolderTheWebAccountCannotEnterIsRefusedNamingItAndTheFolderIsLeftAlone(@TempDir Path outside)
            throws Exception {
        AsRoot.require("only root hands the workers to another account");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwx--x--x"));
        Path closed = Files.createDirectory(outside.resolve("root"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------"))); // like /root
        Path site = Files.createDirectories(closed.resolve("site"));
        NginxManager web = new NginxManager(nginx("web", freePort(), site, null), yard.env);

        ServiceException e = assertThrows(ServiceException.class,
                () -> web.prepare(WebKindsTestSupport.installedOrSkip(web), line -> { }));

        assertTrue(e.getMessage().contains("cannot enter " + closed.toRealPath())
                && e.getMessage().contains("chmod o+x " + closed.toRealPath()), e.getMessage());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(closed)));
    }
}
