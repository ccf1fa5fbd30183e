package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.process.ExitStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** redis's failure sentences as a table of (log line, sentence). */
class RedisFailuresTest {
    private static final RedisFailures.Context CONTEXT = new RedisFailures.Context("cache", 6379, "/d/redis/cache");

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "1:M 23 Nov 2026 01:58:26.000 # Warning: Could not create server TCP listening socket 127.0.0.1:6379: bind: Address already in use"
                    + "|cache could not start: port 6379 is already in use; choose another port",
            "1:C 23 Nov 2026 01:58:26.000 # Can't chdir to '/d/redis/cache': Permission denied"
                    + "|cache could not start: it cannot use its data folder /d/redis/cache (permission denied); check its owner and mode",
            "1:M 23 Nov 2026 01:58:26.000 * Something else entirely|cache exited before it was ready (exit code 1)",
    })
    void startFailuresBecomeOneSentence(String logLine, String expected) {
        assertEquals(expected, RedisFailures.explain(Optional.of(new ExitStatus(1, null)), List.of("x", logLine), CONTEXT,
                "cache exited before it was ready (exit code 1)"));
    }

    @org.junit.jupiter.api.Test
    void aPortTakenAfterTheCheckNamesItsHolder() {
        RedisFailures.Context c = new RedisFailures.Context("cache", 6379, "/d/redis/cache",
                Optional.of("port 6379 is already in use by PID 42 (python3)"));
        assertEquals("cache could not start: port 6379 is already in use by PID 42 (python3); stop that program or choose another port",
                RedisFailures.explain(Optional.of(new ExitStatus(1, null)),
                        List.of("# Failed listening on port 6379 (tcp), aborting.", "listen: Address already in use"), c, "fallback"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "true|# Errors trying to SHUT DOWN. Check logs.|true",
            "true|# User requested shutdown... can't exit|true",
            "false|# Errors trying to SHUT DOWN. Check logs.|false",
            "true|* Redis is now ready to exit, bye bye...|false",
    })
    void aKilledRedisThatCouldNotSaveSaysSo(boolean killed, String logLine, boolean reported) {
        assertEquals(reported, RedisFailures.stopProblem(killed, List.of(logLine), CONTEXT).isPresent());
    }
}
