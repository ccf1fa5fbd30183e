package dev.stackyard.core.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one-shot runner against real child processes. */
@Timeout(60)
class OneShotTest {
    @TempDir
    Path tmp;

    @Test
    void capturesStdoutAndStderrInOrderWithTheExitStatus() {
        OneShot.Result r = OneShot.of("sh", "-c", "echo one; echo two >&2; exit 3").run();

        assertEquals(3, r.exitCode());
        assertEquals(List.of("one", "two"), r.output());
        assertFalse(r.succeeded());
    }

    @Test
    void passesEnvironmentAndWorkingFolder() {
        OneShot.Result r = OneShot.of("sh", "-c", "echo \"$GREETING\"; pwd").env(Map.of("GREETING", "hello"))
                .workDir(tmp).run();

        assertEquals(List.of("hello", tmp.toString()), r.output());
    }

    @Test
    void runCheckedThrowsATypedFailureWithCommandStatusAndOutput() {
        OneShot.Failed e = assertThrows(OneShot.Failed.class,
                () -> OneShot.of("sh", "-c", "echo broken; exit 7").runChecked());

        assertEquals(OneShot.Failed.Reason.EXITED, e.reason());
        assertEquals(7, e.exitCode());
        assertEquals(List.of("sh", "-c", "echo broken; exit 7"), e.command());
        assertEquals(List.of("broken"), e.outputTail());
    }

    @Test
    void aMissingProgramIsNotRun() {
        OneShot.Failed e = assertThrows(OneShot.Failed.class, () -> OneShot.of(tmp.resolve("nope").toString()).run());

        assertEquals(OneShot.Failed.Reason.NOT_RUN, e.reason());
        assertEquals(null, e.exitCode());
    }

    @Test
    void aCommandPastItsTimeoutIsKilledWithWhatItForked() throws Exception {
        OneShot.Failed e = assertThrows(OneShot.Failed.class,
                () -> OneShot.of("sh", "-c", "sleep 1000 & echo $!; wait").timeout(Duration.ofSeconds(2)).run());

        assertEquals(OneShot.Failed.Reason.TIMED_OUT, e.reason());
        assertEquals(1, e.outputTail().size(), String.valueOf(e.outputTail()));
        long child = Long.parseLong(e.outputTail().getFirst());
        ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        assertTrue(ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true), "the forked sleep is gone");
    }

    @Test
    void outputIsAppendedToALogAfterAHeader() throws Exception {
        Path log = tmp.resolve("logs/svc.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "earlier line\n");

        OneShot.of("sh", "-c", "echo from-the-command").appendOutputTo(log, "setup").run();

        List<String> lines = Files.readAllLines(log);
        assertEquals("earlier line", lines.get(0));
        assertTrue(lines.get(1).startsWith("---- stackyard ") && lines.get(1).contains(" setup: sh -c "), lines.get(1));
        assertEquals("from-the-command", lines.get(2));
    }
}
