package dev.stackyard.core.service.kind.redis;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisHardeningTest {
    @Test
    void beforeSevenTheDangerousCommandsAreRemoved() {
        List<String> lines = RedisHardening.lines("6.2.11", Optional.empty());
        for (String c : List.of("CONFIG", "DEBUG", "MODULE", "SLAVEOF", "REPLICAOF", "SYNC", "PSYNC", "FAILOVER")) {
            assertTrue(lines.contains("rename-command " + c + " \"\""), c);
        }
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("enable-")), "6.2 refuses the enable-* keys");
    }

    @Test
    void sevenSwitchesThemOffAndRemovesReplication() {
        List<String> lines = RedisHardening.lines("7.0", Optional.empty());
        assertTrue(lines.containsAll(List.of("enable-protected-configs no", "enable-debug-command no", "enable-module-command no")));
        assertTrue(lines.contains("rename-command REPLICAOF \"\""));
        assertFalse(lines.contains("rename-command CONFIG \"\""));
    }

    @Test
    void beforeSixTwoThereIsNoFailoverToRemove() {
        assertFalse(RedisHardening.lines("6.0.16", Optional.empty()).contains("rename-command FAILOVER \"\""));
    }

    @Test
    void aPasswordIsQuotedAndALineBreakRefused() {
        assertEquals("requirepass \"a\\\"b\\\\c\"", RedisHardening.lines("7.0", Optional.of("a\"b\\c")).getLast());
        assertThrows(IllegalArgumentException.class, () -> RedisHardening.lines("7.0", Optional.of("a\nrename-command GET x")));
    }
}
