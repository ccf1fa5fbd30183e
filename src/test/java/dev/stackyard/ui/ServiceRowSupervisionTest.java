package dev.stackyard.ui;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A row in BACKOFF counts down to the next start; a FATAL row shows the reason with the log tail behind Details. */
class ServiceRowSupervisionTest {
    private static final Instant T = Instant.parse("2026-11-29T12:00:00Z");

    private static ServiceSnapshot snapshot(ServiceState state, String error, List<String> tail, Instant next, Instant since) {
        return new ServiceSnapshot("cache", ServiceKind.named("redis"), "7.0", state, null, 6379, Path.of("/tmp/c.pid"),
                Path.of("/tmp/c.log"), "redis://127.0.0.1:6379", error, tail, null, since, false, next);
    }

    @Test
    void backoffCountsDownToTheRestartAndLetsAPersonStartOrStopAtOnce() {
        ServiceRowViewModel row = new ServiceRowViewModel(FakeStack.snapshot("cache", ServiceKind.named("redis"), ServiceState.RUNNING, 6379, T));
        row.apply(snapshot(ServiceState.BACKOFF, "exit 1, restart in 4 s (2/5)", List.of(), T.plusSeconds(5), T.plusSeconds(1)));
        row.applyStats(null, T.plusMillis(2500));
        assertEquals("restart in 3 s", row.uptimeProperty().get());
        row.applyStats(null, T.plusSeconds(5));
        assertEquals("restart in 0 s", row.uptimeProperty().get());
        assertEquals("exit 1, restart in 4 s (2/5)", row.problemProperty().get());
        assertTrue(row.actions().start());
        assertTrue(row.actions().stop());
    }

    @Test
    void fatalShowsTheReasonWithTheLogTailBehindDetails() {
        ServiceRowViewModel row = new ServiceRowViewModel(FakeStack.snapshot("cache", ServiceKind.named("redis"), ServiceState.RUNNING, 6379, T));
        row.apply(snapshot(ServiceState.FATAL, "crash loop: exited 6 times in 31 s, last exit code 1",
                List.of("boom"), null, T.plusSeconds(1)));
        assertEquals("crash loop: exited 6 times in 31 s, last exit code 1", row.problemProperty().get());
        assertTrue(row.hasDetailsProperty().get());
        assertEquals(List.of("boom"), row.logTail());
        assertEquals("", row.uptimeProperty().get());
        assertTrue(row.actions().start());
    }
}
