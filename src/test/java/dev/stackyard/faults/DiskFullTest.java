package dev.stackyard.faults;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.supervise.Supervisor;
import dev.stackyard.testing.AsRoot;
import dev.stackyard.usecase.StackyardSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 §2: STACKYARD_HOME on a 4 MiB tmpfs that a filler file fills up, with a supervisor
 * running (as under the window or {@code stackyard run}). A start says "No space left on device"
 * and names the path, without a stack trace; the running service keeps running and supervised; a
 * config edit is refused and the file is unharmed; the logs cope without a burst of stack traces;
 * and once the filler goes, the same session starts, restarts and edits again.
 */
class DiskFullTest {
    private static Path mount;
    private static Path home;
    private static AppDirs dirs;
    private static StackyardSession session;
    private static Supervisor supervisor;
    private static final String MARK = String.valueOf(700_000 + (ProcessHandle.current().pid() % 99_999));

    @BeforeAll
    static void mountASmallDisk() throws Exception {
        AsRoot.require("mounting a small tmpfs as STACKYARD_HOME");
        mount = Files.createTempDirectory("stackyard-full-");
        run("mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", mount.toString());
        home = Files.createDirectory(mount.resolve("home"));
    }

    @AfterAll
    static void unmount() throws Exception {
        if (supervisor != null) {
            supervisor.close();
        }
        if (session != null) {
            session.stopAll();
            session.close();
        }
        if (mount != null) {
            run("umount", mount.toString());
            Files.delete(mount);
        }
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", argv));
        assertEquals(0, p.exitValue(), String.join(" ", argv) + ": " + new String(p.getInputStream().readAllBytes()));
    }

    /** Writes zeros to {@code filler} until the file system says it is full. */
    private static void fill(Path filler) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                block.clear();
                ch.write(block);
            }
        } catch (IOException e) {
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        }
    }

    private static ServiceSnapshot awaitState(String id, Predicate<ServiceSnapshot> wanted, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            ServiceSnapshot s = session.registry().snapshot(id).orElseThrow();
            if (wanted.test(s)) {
                return s;
            }
            TimeUnit.MILLISECONDS.sleep(50); // polls the registry; the deadline is the gate
        }
        throw new AssertionError(id + " never " + what + ": " + session.registry().snapshot(id));
    }

    @Test
    void aFullDiskIsReportedWithItsPathAndEverythingWorksAgainOnceSpaceComesBack() throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: steady
                    kind: process
                    command: ["sh", "-c", "echo up; exec sleep %s"]
                    ready: {logLine: "^up$"}
                    restart: always
                    backoff: {initial: 200ms, max: 1s, resetAfter: 60s}
                    maxRestarts: 1000
                  - id: late
                    kind: process
                    command: ["sh", "-c", "echo up; exec sleep %s"]
                    ready: {logLine: "^up$"}
                """.formatted(MARK, MARK), StandardCharsets.UTF_8);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        session = new StackyardSession(dirs);
        supervisor = Soak.supervise(session, dirs);
        assertTrue(session.start(List.of("steady")).get("steady").ok());
        long steadyPid = session.registry().snapshot("steady").orElseThrow().pid();
        byte[] config = Files.readAllBytes(home.resolve("stackyard.yaml"));

        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        Path filler = mount.resolve("filler");
        try {
            fill(filler);

            // A start: exit 1, one line naming the full disk and the path, no stack trace.
            InProcessCli.Run start = InProcessCli.run(dirs, "start", "late");
            assertEquals(StackyardCli.FAILED, start.code(), start.err());
            assertTrue(start.err().contains("No space left on device"), start.err());
            assertTrue(start.err().contains(home.toString()), "names the path: " + start.err());
            assertFalse(start.err().contains("Exception") || start.err().contains("\tat "), start.err());

            // A config edit is refused, and the file is as it was.
            IOException refused = assertThrows(IOException.class,
                    () -> session.addService(ServiceDefinition.of("more", ServiceKind.named("redis"), 56_379)));
            assertTrue(refused.getMessage().contains("No space left on device"), refused.getMessage());
            assertTrue(refused.getMessage().contains(home.toString()), "names the path: " + refused.getMessage());
            assertArrayEquals(config, Files.readAllBytes(home.resolve("stackyard.yaml")));
            InProcessCli.Run add = InProcessCli.run(dirs, "add", "redis", "more", "--port", "56379");
            assertEquals(StackyardCli.FAILED, add.code(), add.err());
            assertTrue(add.err().contains("No space left on device") && add.err().contains(home.toString()), add.err());
            assertArrayEquals(config, Files.readAllBytes(home.resolve("stackyard.yaml")));

            // The running service keeps running, and stays supervised: killed, it is seen and retried.
            assertEquals(ServiceState.RUNNING, session.registry().snapshot("steady").orElseThrow().state());
            assertTrue(ProcessHandle.of(steadyPid).map(ProcessHandle::isAlive).orElse(false));
            ProcessHandle.of(steadyPid).ifPresent(ProcessHandle::destroyForcibly);
            awaitState("steady", s -> s.state() == ServiceState.BACKOFF && s.lastError() != null
                    && s.lastError().contains("No space left on device") && s.lastError().contains(home.toString()),
                    "was retried while the disk was full, its reason naming the path");
        } finally {
            Files.deleteIfExists(filler); // space comes back
        }

        // Without restarting anything: the supervisor brings steady back, a start and an edit work.
        ServiceSnapshot back = awaitState("steady", s -> s.state() == ServiceState.RUNNING, "came back");
        assertNotEquals(steadyPid, back.pid());
        InProcessCli.Run start = InProcessCli.run(dirs, "start", "late");
        assertEquals(StackyardCli.OK, start.code(), start.err());
        session.addService(ServiceDefinition.of("more", ServiceKind.named("redis"), 56_379));
        assertTrue(Files.readString(home.resolve("stackyard.yaml")).contains("id: more"));

        root.detachAppender(logged);
        List<ILoggingEvent> traces = logged.list.stream().filter(e -> e.getThrowableProxy() != null).toList();
        long warnings = logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count();
        System.out.println("while full: " + warnings + " warnings, " + traces.size() + " with a stack trace");
        logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .forEach(e -> System.out.println("  " + e.getLoggerName() + ": " + e.getFormattedMessage()));
        assertTrue(warnings < 100, "a burst of warnings: " + warnings);
    }
}
