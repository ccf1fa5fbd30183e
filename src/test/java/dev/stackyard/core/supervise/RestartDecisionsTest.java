package dev.stackyard.core.supervise;

import dev.stackyard.core.process.ExitStatus;
import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.service.SupervisionPolicy.Backoff;
import dev.stackyard.core.service.SupervisionPolicy.Restart;
import dev.stackyard.core.supervise.RestartDecisions.Cause;
import dev.stackyard.core.supervise.RestartDecisions.Decision;
import dev.stackyard.core.supervise.RestartDecisions.Failure;
import dev.stackyard.core.supervise.RestartDecisions.Streak;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The restart decisions as tables: which exits restart, which delay comes next, when it is FATAL. */
class RestartDecisionsTest {
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    private static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));

    private static ExitStatus exit(String s) {
        return switch (s) {
            case "unknown" -> ExitStatus.unknown();
            case "null" -> null;
            default -> s.startsWith("sig") ? new ExitStatus(null, Integer.parseInt(s.substring(3)))
                    : new ExitStatus(Integer.parseInt(s), null);
        };
    }

    @ParameterizedTest(name = "{0} after {1}: {2}")
    @CsvSource({
            "on-failure, 1,       true",
            "on-failure, 0,       false",
            "on-failure, sig9,    true",
            "on-failure, sig11,   true",
            "on-failure, unknown, true",
            "on-failure, null,    true",
            "always,     0,       true",
            "always,     1,       true",
            "never,      1,       false",
            "never,      sig9,    false",
    })
    void whichExitsRestart(String mode, String exit, boolean restarts) {
        assertEquals(restarts, RestartDecisions.restartsAfter(Restart.fromConfigName(mode).orElseThrow(), exit(exit)));
    }

    @ParameterizedTest(name = "attempt {0} -> {1} ms")
    @CsvSource({"1, 1000", "2, 2000", "3, 4000", "4, 8000", "6, 32000", "7, 60000", "8, 60000", "40, 60000"})
    void delayDoublesUpToTheMax(int attempt, long millis) {
        assertEquals(Duration.ofMillis(millis), RestartDecisions.delay(BACKOFF, attempt));
    }

    @ParameterizedTest(name = "initial {0} max {1} attempt {2} -> {3} ms")
    @CsvSource({"200ms, 300ms, 1, 200", "200ms, 300ms, 2, 300", "5s, 5s, 3, 5000", "100ms, 10s, 4, 800"})
    void delayWithOtherBounds(String initial, String max, int attempt, long millis) {
        Backoff b = new Backoff(parse(initial), parse(max), Duration.ofSeconds(60));
        assertEquals(Duration.ofMillis(millis), RestartDecisions.delay(b, attempt));
    }

    private static Duration parse(String s) {
        return s.endsWith("ms") ? Duration.ofMillis(Long.parseLong(s.replace("ms", "")))
                : Duration.ofSeconds(Long.parseLong(s.replace("s", "")));
    }

    @ParameterizedTest(name = "ran {0} s -> reset {1}")
    @CsvSource({"0, false", "59, false", "60, true", "3600, true"})
    void aLongEnoughRunStartsANewStreak(long seconds, boolean resets) {
        assertEquals(resets, RestartDecisions.resets(BACKOFF, Duration.ofSeconds(seconds)));
    }

    @Test
    void neverRanNeverResets() {
        assertEquals(false, RestartDecisions.resets(BACKOFF, null));
    }

    /** failures before, ranFor (s, -1 = never ran), maxRestarts -> verdict and delay. */
    @ParameterizedTest(name = "{0} before, ran {1} s, max {2}: {3} {4}")
    @CsvSource({
            "0, 5,   5, restart, 1000",
            "1, 5,   5, restart, 2000",
            "4, 5,   5, restart, 16000",
            "5, 5,   5, fatal,   0",
            "5, 61,  5, restart, 1000",
            "9, 600, 5, restart, 1000",
            "0, -1,  0, fatal,   0",
            "2, -1,  3, restart, 4000",
            "3, -1,  3, fatal,   0",
    })
    void crashLoopEndsInFatal(int before, long ranFor, int max, String verdict, long delayMillis) {
        SupervisionPolicy policy = new SupervisionPolicy(Restart.ON_FAILURE, BACKOFF, max,
                SupervisionPolicy.Health.DEFAULT, SupervisionPolicy.Logs.DEFAULT);
        Streak streak = before == 0 ? Streak.NONE : new Streak(before, T0);
        Instant at = T0.plusSeconds(31);
        Decision d = RestartDecisions.afterFailure(policy, streak, new Failure(at, Cause.EXIT, new ExitStatus(1, null),
                ranFor < 0 ? null : Duration.ofSeconds(ranFor), "x stopped unexpectedly (exit code 1)"));
        switch (verdict) {
            case "restart" -> {
                RestartDecisions.Restart r = assertInstanceOf(RestartDecisions.Restart.class, d);
                assertEquals(Duration.ofMillis(delayMillis), r.delay());
                assertEquals(r.attempt(), d.streak().failures());
            }
            case "fatal" -> assertInstanceOf(RestartDecisions.Fatal.class, d);
            default -> throw new AssertionError(verdict);
        }
    }

    @Test
    void fatalReasonSaysHowManyOverHowLongAndTheLastExit() {
        SupervisionPolicy policy = new SupervisionPolicy(Restart.ON_FAILURE, BACKOFF, 5,
                SupervisionPolicy.Health.DEFAULT, SupervisionPolicy.Logs.DEFAULT);
        Decision d = RestartDecisions.afterFailure(policy, new Streak(5, T0),
                new Failure(T0.plusSeconds(31), Cause.EXIT, new ExitStatus(1, null), Duration.ofMillis(5), "x"));
        assertEquals("crash loop: exited 6 times in 31 s, last exit code 1",
                assertInstanceOf(RestartDecisions.Fatal.class, d).reason());
    }

    @Test
    void aFailedStartDuringBackoffCountsAndNamesItsCause() {
        SupervisionPolicy policy = new SupervisionPolicy(Restart.ON_FAILURE, BACKOFF, 1,
                SupervisionPolicy.Health.DEFAULT, SupervisionPolicy.Logs.DEFAULT);
        Decision d = RestartDecisions.afterFailure(policy, new Streak(1, T0), new Failure(T0.plusSeconds(2),
                Cause.START_FAILED, null, null, "redis cannot start: port 6379 is used by nc (PID 77)"));
        assertEquals("crash loop: failed 2 times in 2 s; last: redis cannot start: port 6379 is used by nc (PID 77)",
                assertInstanceOf(RestartDecisions.Fatal.class, d).reason());
    }

    @ParameterizedTest(name = "{0} after a clean exit: stays")
    @CsvSource({"on-failure", "never"})
    void cleanExitOrNeverStays(String mode) {
        SupervisionPolicy policy = new SupervisionPolicy(Restart.fromConfigName(mode).orElseThrow(), BACKOFF, 5,
                SupervisionPolicy.Health.DEFAULT, SupervisionPolicy.Logs.DEFAULT);
        Decision d = RestartDecisions.afterFailure(policy, Streak.NONE,
                new Failure(T0, Cause.EXIT, new ExitStatus(0, null), Duration.ofSeconds(3), "x"));
        assertInstanceOf(RestartDecisions.Stay.class, d);
    }

    @Test
    void healthFailuresRestartUnderOnFailure() {
        Decision d = RestartDecisions.afterFailure(SupervisionPolicy.DEFAULT, Streak.NONE,
                new Failure(T0, Cause.HEALTH, null, Duration.ofSeconds(30), "health check failed 3 times: timed out"));
        assertEquals(Duration.ofSeconds(1), assertInstanceOf(RestartDecisions.Restart.class, d).delay());
    }

    @ParameterizedTest(name = "{0}, {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "EXIT|139|exit 139",
            "EXIT|sig9|killed by KILL",
            "EXIT|unknown|exited (status unknown)",
            "HEALTH|null|health check failed 3 times: PING timed out",
    })
    void shortReasons(Cause cause, String exit, String text) {
        assertEquals(text, Supervisor.what(cause, exit(exit), "health check failed 3 times: PING timed out"));
    }
}
