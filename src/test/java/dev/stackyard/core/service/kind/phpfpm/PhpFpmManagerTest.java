package dev.stackyard.core.service.kind.phpfpm;

import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.kind.WebKindsTestSupport;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.process.ExitStatus;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.ProcessInfo;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopResult;
import dev.stackyard.core.service.probe.FastCgiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.stackyard.core.service.kind.WebKindsTestSupport.alive;
import static dev.stackyard.core.service.kind.WebKindsTestSupport.phpFpm;
import static dev.stackyard.core.service.kind.WebKindsTestSupport.processesIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** php-fpm run by its manager through the real process core, against the real php-fpm binary. */
class PhpFpmManagerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

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
    void runsARealPhpScriptOverItsSocketAndAStopLeavesNoProcessOfItsGroup() throws Exception {
        PhpFpmManager php = new PhpFpmManager(phpFpm("php"), yard.env);
        ProcessInfo info = yard.start(php);
        Path script = Files.writeString(home.resolve("answer.php"), "<?php echo 6 * 7;\n");

        FastCgiClient.Response response = new FastCgiClient(php.socketPath()).get(script.toString(), TIMEOUT);
        assertEquals(200, response.status(), response.stdout());
        assertEquals("42", response.body());

        List<ProcFs.Stat> workers = ProcFs.groupMembers(info.pid()).stream().filter(s -> s.pid() != info.pid()).toList();
        assertFalse(workers.isEmpty(), "the request should have forked a worker (pm = ondemand)");

        StopResult stop = yard.processManager.stop(php.id());

        assertEquals(StopResult.Outcome.GRACEFUL, stop.outcome());
        assertEquals(OptionalInt.of(0), stop.status().exitCode());
        assertEquals(List.of(), ProcFs.groupMembers(info.pid()));
        workers.forEach(w -> assertFalse(alive(w), "worker " + w.pid() + " survived the stop"));
        assertFalse(Files.exists(php.socketPath()), "php-fpm removes its socket when it exits");
        assertEquals(List.of(), processesIn(yard.env.serviceRunDir(php.id())));
    }

    @Test
    void aRequestInFlightFinishesWhenPhpFpmIsStopped() throws Exception {
        PhpFpmManager php = new PhpFpmManager(phpFpm("php"), yard.env);
        yard.start(php);
        // The pool (as root: the web account) leaves its marker in a folder it may write.
        Path started = dev.stackyard.testing.Passable.writableByWebAccount(Files.createDirectories(home.resolve("marks")))
                .resolve("started");
        Path script = Files.writeString(home.resolve("slow.php"),
                "<?php touch('" + started + "'); usleep(500000); echo 'finished';\n");
        FastCgiClient client = new FastCgiClient(php.socketPath());
        CompletableFuture<FastCgiClient.Response> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return client.get(script.toString(), TIMEOUT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        WebKindsTestSupport.await(() -> Files.exists(started), TIMEOUT, () -> "the script to start");

        StopResult stop = yard.processManager.stop(php.id());

        assertEquals(StopResult.Outcome.GRACEFUL, stop.outcome());
        assertEquals("finished", inFlight.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).body());
    }

    @Test
    void listensOnAPrivateUnixSocketOnlyWithNoPortAndNoUrl() throws Exception {
        ServiceDefinition withPort = ServiceDefinition.of("php", ServiceKind.named("php-fpm"), 9000);
        PhpFpmManager php = new PhpFpmManager(withPort, yard.env);
        assertEquals(List.of(), php.ports());
        assertTrue(php.url().isEmpty());
        assertEquals(yard.env.runDir().resolve("php").resolve("php-fpm.sock"), PhpFpmManager.socketPath(yard.env, "php"));

        yard.start(php);

        assertTrue(Files.readAttributes(php.socketPath(), BasicFileAttributes.class).isOther(), "a socket, not a file");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(php.socketPath())));
        // As root nginx's workers (the web account) pass through to the socket; nothing there is listable.
        assertEquals(dev.stackyard.core.service.ServiceEnvironment.runningAsRoot() ? "rwx--x--x" : "rwx------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(yard.env.serviceRunDir("php"))));
    }

    @Test
    void itsOwnMessagesAndWhatScriptsLogLandInTheServiceLog() throws Exception {
        PhpFpmManager php = new PhpFpmManager(phpFpm("php"), yard.env);
        yard.start(php);
        // Written before the pool's event loop runs, so before the readiness ping could be answered.
        assertTrue(Files.readString(php.logFile()).contains("ready to handle connections"));

        Path script = Files.writeString(home.resolve("logs.php"), "<?php error_log('stackyard-marker-' . (6 * 7)); echo 'ok';\n");
        assertEquals("ok", new FastCgiClient(php.socketPath()).get(script.toString(), TIMEOUT).body());

        // The master copies the worker's stderr into the log on its own time: wait for the line.
        WebKindsTestSupport.await(() -> read(php.logFile()).contains("stackyard-marker-42"), TIMEOUT,
                () -> "the marker in the log:\n" + read(php.logFile()));
    }

    /** Log lines as php-fpm 8.2 writes them, exit status as the process core reports it. */
    static Stream<Arguments> failures() {
        String socket = "/home/u/.stackyard/run/php/php-fpm.sock";
        return Stream.of(
                Arguments.of(78, List.of(
                                "[23-Nov-2026 01:58:17] ERROR: Another FPM instance seems to already listen on " + socket,
                                "[23-Nov-2026 01:58:17] ERROR: FPM initialization failed"),
                        "php could not start: another php-fpm already listens on its socket " + socket
                                + "; stop that php-fpm first"),
                Arguments.of(78, List.of(
                                "[23-Nov-2026 01:58:17] ERROR: unable to bind listening socket for address '" + socket
                                        + "': Address already in use (98)",
                                "[23-Nov-2026 01:58:17] ERROR: FPM initialization failed"),
                        "php could not start: its socket " + socket + " is already in use; stop whatever listens on it"),
                Arguments.of(78, List.of(
                                "[23-Nov-2026 01:58:17] ERROR: unable to bind listening socket for address '" + socket
                                        + "': Permission denied (13)",
                                "[23-Nov-2026 01:58:17] ERROR: FPM initialization failed"),
                        "php could not create its socket: unable to bind listening socket for address '" + socket
                                + "': Permission denied (13)"),
                Arguments.of(78, List.of(
                                "[23-Nov-2026 01:58:17] ERROR: [pool php] pm.max_children must be a positive value",
                                "[23-Nov-2026 01:58:17] ERROR: FPM initialization failed"),
                        "php could not start: php-fpm rejected its configuration"
                                + " ([pool php] pm.max_children must be a positive value)"),
                Arguments.of(255, List.of("Segmentation fault"), "php exited before it was ready (exit code 255)"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aFailedStartIsExplainedInOneSentence(int exitCode, List<String> logTail, String expected) {
        String sentence = PhpFpmFailures.explain(Optional.of(new ExitStatus(exitCode, null)), logTail,
                new PhpFpmFailures.Context("php", Path.of("/home/u/.stackyard/run/php/php-fpm.sock")),
                "php exited before it was ready (exit code " + exitCode + ")");

        assertEquals(expected, sentence);
    }

    @Test
    void aSocketPathTooLongForUnixSocketsIsRefusedBeforeAnythingRuns() {
        Path deep = home.resolve("x".repeat(60)).resolve("y".repeat(60));
        ServiceEnvironment env = new ServiceEnvironment(deep.resolve("data"), deep.resolve("run"), deep.resolve("logs"),
                yard.env.installations());
        PhpFpmManager php = new PhpFpmManager(phpFpm("php"), env);

        ServiceException e = assertThrows(ServiceException.class,
                () -> php.prepare(new Installation(ServiceKind.named("php-fpm"), "8.2", Path.of("/usr/sbin/php-fpm8.2")), line -> { }));

        assertTrue(e.getMessage().contains("use a shorter Stackyard folder"), e.getMessage());
        assertFalse(Files.exists(env.serviceRunDir("php")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
