package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.stackyard.core.service.ServiceState.FAILED;
import static dev.stackyard.core.service.ServiceState.RUNNING;
import static dev.stackyard.core.service.ServiceState.STARTING;
import static dev.stackyard.core.service.ServiceState.STOPPED;
import static dev.stackyard.core.service.ServiceState.STOPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which changes notify, how they read, and the per-service rate limit. */
class CrashNoticesTest {
    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final String KILLED = "redis stopped unexpectedly (killed by signal KILL (9))";

    @ParameterizedTest(name = "{0} -> {1}: \"{3}\"")
    @CsvSource(delimiter = '|', textBlock = """
            RUNNING  | FAILED  | redis stopped unexpectedly (killed by signal KILL (9)) | redis crashed (signal 9)
            RUNNING  | FAILED  | redis stopped unexpectedly (exit code 1)              | redis crashed (exit 1)
            RUNNING  | FAILED  | redis is no longer running (it was killed or crashed) | redis crashed
            STARTING | FAILED  | port 6379 is already in use                           | redis failed to start
            STOPPING | FAILED  | redis did not stop                                    | ''
            STOPPED  | FAILED  | redis is no longer running                            | ''
            RUNNING  | STOPPING| ''                                                    | ''
            STOPPING | STOPPED | ''                                                    | ''
            FAILED   | STARTING| ''                                                    | ''
            """)
    void whichChangesNotify(ServiceState from, ServiceState to, String error, String summary) {
        CrashNotices notices = new CrashNotices(Duration.ofMinutes(1));
        notices.prime(List.of(Snapshots.of("redis", from)));
        Optional<CrashNotices.Notice> n = notices.on(Snapshots.of("redis", to, error.isEmpty() ? null : error, List.of()), T0);
        assertEquals(summary, n.map(CrashNotices.Notice::summary).orElse(""));
    }

    @Test
    void theBodyIsTheLastThreeLogLines() {
        CrashNotices notices = new CrashNotices(Duration.ofMinutes(1));
        notices.prime(List.of(Snapshots.of("redis", RUNNING)));
        CrashNotices.Notice n = notices.on(Snapshots.of("redis", FAILED, KILLED,
                List.of("one", "two", "three", "four", "")), T0).orElseThrow();
        assertEquals("two\nthree\nfour", n.body());
        assertEquals("redis", n.serviceId());
    }

    @Test
    void aFirstSightingNotifiesNothing() {
        CrashNotices notices = new CrashNotices(Duration.ofMinutes(1));
        assertTrue(notices.on(Snapshots.of("redis", FAILED, KILLED, List.of()), T0).isEmpty());
    }

    @Test
    void repeatedCrashesNotifyOncePerMinuteThenWithACount() {
        CrashNotices notices = new CrashNotices(Duration.ofMinutes(1));
        notices.prime(List.of(Snapshots.of("redis", RUNNING)));
        assertTrue(crash(notices, T0).isPresent());
        assertTrue(crash(notices, T0.plusSeconds(10)).isEmpty());
        assertTrue(crash(notices, T0.plusSeconds(20)).isEmpty());
        CrashNotices.Notice n = crash(notices, T0.plusSeconds(61)).orElseThrow();
        assertTrue(n.body().startsWith("2 more failures since the last notice."), n.body());
        assertTrue(crash(notices, T0.plusSeconds(62)).isEmpty());
    }

    @Test
    void theLimitIsPerService() {
        CrashNotices notices = new CrashNotices(Duration.ofMinutes(1));
        notices.prime(List.of(Snapshots.of("redis", RUNNING), Snapshots.of("pg", RUNNING)));
        assertTrue(notices.on(Snapshots.of("redis", FAILED, KILLED, List.of()), T0).isPresent());
        assertTrue(notices.on(Snapshots.of("pg", FAILED, KILLED, List.of()), T0).isPresent());
    }

    /** RUNNING again, then a crash at {@code at}. */
    private static Optional<CrashNotices.Notice> crash(CrashNotices notices, Instant at) {
        ServiceSnapshot running = Snapshots.of("redis", RUNNING);
        notices.on(Snapshots.of("redis", STARTING), at);
        notices.on(running, at);
        return notices.on(Snapshots.of("redis", FAILED, KILLED, List.of()), at);
    }

    @Test
    void causeReadsSignalsAndExitCodes() {
        assertEquals(Optional.of("signal 9"), CrashNotices.cause(KILLED));
        assertEquals(Optional.of("signal 11"), CrashNotices.cause("x (killed by signal 11)"));
        assertEquals(Optional.of("exit 3"), CrashNotices.cause("x stopped unexpectedly (exit code 3)"));
        assertEquals(Optional.empty(), CrashNotices.cause(null));
        assertEquals(STOPPED, ServiceState.STOPPED);
    }
}
