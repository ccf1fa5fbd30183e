package dev.stackyard.core.service.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogLineProbeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Pattern LISTENING = Pattern.compile("listening on :\\d+");

    @TempDir
    Path dir;

    private Path log;

    private void append(String text) throws IOException {
        Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Probe probeFromCurrentEnd() throws IOException {
        log = log == null ? dir.resolve("app.log") : log;
        long offset = Files.exists(log) ? Files.size(log) : 0;
        return Probes.logLine(log, offset, LISTENING);
    }

    @Test
    void matchingLineAppendedAfterTheOffsetMakesItReady() throws IOException {
        Probe probe = probeFromCurrentEnd();
        append("booting\n");
        assertInstanceOf(ProbeResult.NotReady.class, probe.check(TIMEOUT));
        append("listening on :8080\n");
        assertEquals(ProbeResult.ready(), probe.check(TIMEOUT));
    }

    @Test
    void matchingLineFromBeforeTheOffsetIsIgnored() throws IOException {
        log = dir.resolve("app.log");
        append("listening on :8080\nstopped\n"); // the previous run's output
        Probe probe = probeFromCurrentEnd();
        append("booting\n");
        var result = assertInstanceOf(ProbeResult.NotReady.class, probe.check(TIMEOUT));
        assertTrue(result.reason().contains("no line matching"), result.reason());
    }

    @Test
    void lineWithoutItsNewlineMatchesOnlyOnceCompleted() throws IOException {
        Probe probe = probeFromCurrentEnd();
        append("listening on :80");
        assertInstanceOf(ProbeResult.NotReady.class, probe.check(TIMEOUT));
        append("80\n");
        assertEquals(ProbeResult.ready(), probe.check(TIMEOUT));
    }

    @Test
    void missingLogFileIsNotReady() {
        var result = assertInstanceOf(ProbeResult.NotReady.class,
                Probes.logLine(dir.resolve("absent.log"), 0, LISTENING).check(TIMEOUT));
        assertTrue(result.reason().contains("does not exist yet"), result.reason());
    }

    @Test
    void fileTruncatedBelowTheOffsetIsReadFromItsStart() throws IOException {
        log = dir.resolve("app.log");
        append("x".repeat(1000) + "\n");
        Probe probe = probeFromCurrentEnd();
        Files.writeString(log, "listening on :9000\n"); // rotated: new, shorter file
        assertEquals(ProbeResult.ready(), probe.check(TIMEOUT));
    }

    @Test
    void staysReadyOnceMatchedEvenAfterTheFileIsGone() throws IOException {
        Probe probe = probeFromCurrentEnd();
        append("listening on :8080\n");
        assertEquals(ProbeResult.ready(), probe.check(TIMEOUT));
        Files.delete(log);
        assertEquals(ProbeResult.ready(), probe.check(TIMEOUT));
    }
}
