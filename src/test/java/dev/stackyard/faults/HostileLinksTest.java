package dev.stackyard.faults;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.config.ConfigException;
import dev.stackyard.core.logs.LogRotator;
import dev.stackyard.core.process.LinkRefusedException;
import dev.stackyard.core.process.OneShot;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.supervise.EventLog;
import dev.stackyard.testing.Daemons;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 §5: a file Stackyard writes, swapped for a symbolic link to a file outside Stackyard's
 * folders, is never written or truncated through; the start fails and says which path is a link.
 * Each case performs the attack through the real CLI entry point, in-process.
 */
class HostileLinksTest {
    static final String REFUSAL = "is a symbolic link; Stackyard does not write through links it did not make";

    @TempDir
    Path tmp;
    private Path home;
    private Path victim;
    private AppDirs dirs;

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void aProcessServiceAndAVictim() throws IOException {
        home = Files.createDirectories(tmp.resolve("home"));
        victim = Files.writeString(tmp.resolve("victim.txt"), "precious\n");
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        Files.createDirectories(dirs.configDir());
        Files.writeString(dirs.configFile(), """
                services:
                  - id: worker
                    kind: process
                    command: ["sleep", "1000"]
                """, StandardCharsets.UTF_8);
    }

    @AfterEach
    void stopWhatTheTestStarted() {
        cli("stop", "--all");
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StackyardContext context = new StackyardContext(dirs)) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
            return new Run(code, out.toString(), err.toString());
        }
    }

    private void assertVictimUntouched() throws IOException {
        assertEquals("precious\n", Files.readString(victim), "the file behind the link was written through");
    }

    private void assertRefused(Run run, Path link) {
        assertEquals(StackyardCli.FAILED, run.code(), run.out() + run.err());
        assertTrue(run.err().contains(link + " " + REFUSAL), run.err());
        assertFalse(run.err().contains("\tat "), "a stack trace: " + run.err());
    }

    @Test
    void aServiceLogSwappedForALinkIsNotWrittenThroughAndTheStartSaysSo() throws IOException {
        Path log = dirs.logDir().resolve("worker.log");
        Files.createDirectories(log.getParent());
        Files.createSymbolicLink(log, victim);

        Run start = cli("start", "worker");

        assertRefused(start, log);
        assertVictimUntouched();
        assertFalse(start.err().contains("precious"), "the file behind the link shown as the log: " + start.err());
        assertTrue(Files.isSymbolicLink(log), "the link is left for the user to look at");
    }

    /**
     * A link planted where a process record goes, found when Stackyard next looks: a stale record,
     * removed (the link, not what it points at) without being read through, and the start goes on.
     * (A link planted in the moment between that look and the write is refused: PrivateRecordsTest.)
     */
    @ParameterizedTest
    @CsvSource({"worker.state", "worker.pid"})
    void aProcessRecordSwappedForALinkIsClearedAsStaleNeverWrittenThrough(String name) throws IOException {
        Path record = environment().processStateDir().resolve(name);
        Files.createDirectories(record.getParent());
        Files.createSymbolicLink(record, victim);

        Run start = cli("start", "worker");

        assertEquals(StackyardCli.OK, start.code(), start.err());
        assertVictimUntouched();
        assertTrue(Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS), "a record of Stackyard's own in its place");
    }

    @Test
    void theEventsLogSwappedForALinkIsNotAppendedThrough() throws IOException {
        Path events = EventLog.file(dirs.logDir());
        Files.createDirectories(events.getParent());
        Files.createSymbolicLink(events, victim);

        Run start = cli("start", "worker");

        assertEquals(StackyardCli.OK, start.code(), start.err()); // the service itself is not at fault
        assertVictimUntouched();
    }

    @Test
    void aLogSwappedForALinkIsNeverCutByLogCapping() throws IOException {
        String big = "precious\n".repeat(2_000);
        Files.writeString(victim, big);
        Path log = Files.createDirectories(dirs.logDir()).resolve("worker.log");
        Files.createSymbolicLink(log, victim);

        LinkRefusedException e = assertThrows(LinkRefusedException.class, () -> LogRotator.rotateIfLarger(log, 100, 2));

        assertEquals(log, e.path());
        assertEquals(big, Files.readString(victim));
        assertFalse(Files.exists(LogRotator.rotated(log, 1), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aOneShotLogSwappedForALinkIsNotAppendedThrough() throws IOException {
        Path log = Files.createDirectories(dirs.logDir()).resolve("initdb.log");
        Files.createSymbolicLink(log, victim);

        OneShot.Failed e = assertThrows(OneShot.Failed.class,
                () -> OneShot.of(List.of("true")).appendOutputTo(log, "test").run());

        assertTrue(e.getMessage().contains(log + " " + REFUSAL), e.getMessage());
        assertVictimUntouched();
    }

    /**
     * The rendered configs of the kinds that render one at every start (postgres and mariadb take
     * theirs on the command line): started once to learn where the file is, stopped, the file
     * swapped for a link, started again.
     */
    @ParameterizedTest
    @CsvSource({"redis, redis.conf", "php-fpm, php-fpm.conf", "nginx, nginx.conf"})
    void aRenderedConfigSwappedForALinkIsNotWrittenThroughAndTheStartSaysSo(String kind, String file) throws IOException {
        Daemons.require(ServiceKind.named(kind));
        String port = kind.equals("php-fpm") ? "" : "\n    port: " + PortCheck.findFree(kind.equals("nginx") ? 28_080 : 26_379);
        Files.writeString(dirs.configFile(), "services:\n  - id: daemon\n    kind: " + kind + port + "\n",
                StandardCharsets.UTF_8);
        Run first = cli("start", "daemon");
        assertEquals(StackyardCli.OK, first.code(), first.err());
        // Where it is (as root, outside STACKYARD_HOME): the daemon was started with its path.
        long pid = Long.parseLong(first.out().replaceAll("(?s).*PID (\\d+).*", "$1"));
        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replaceAll("[\\x00()]", " ");
        Path conf = Arrays.stream(cmdline.split(" ")).filter(a -> a.endsWith("/" + file)).map(Path::of)
                .findFirst().orElseGet(() -> Path.of(first.err()));
        if (!conf.endsWith(file)) { // a daemon that rewrote its title (redis): its folder is under the home
            try (Stream<Path> all = Files.walk(home)) {
                conf = all.filter(p -> p.endsWith(file)).findFirst()
                        .orElseThrow(() -> new AssertionError("no " + file + " in " + cmdline + " nor under " + home));
            }
        }
        assertEquals(StackyardCli.OK, cli("stop", "daemon").code());
        Files.delete(conf);
        Files.createSymbolicLink(conf, victim);

        Run start = cli("start", "daemon");

        assertRefused(start, conf);
        assertVictimUntouched();
    }

    private ServiceEnvironment environment() {
        try (StackyardContext context = new StackyardContext(dirs)) {
            return context.registry().environment();
        } catch (IOException | ConfigException e) {
            throw new AssertionError(e);
        }
    }
}
