package dev.stackyard.core.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pure decisions of the process layer, as tables, and the guards no caller can get round. */
class ProcessPrimitivesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-1", "0", "1", "abc", "12abc", "99999999999", "4194305", "+5", "0x10"})
    void garbagePidFileContentIsStale(String content) {
        assertTrue(PidFiles.parse(content).isEmpty(), "'" + content + "' accepted");
    }

    @ParameterizedTest
    @CsvSource({"'2\n',2", "'1234',1234", "'  1234  \nnext',1234"})
    void validPidFileContentIsRead(String content, long pid) {
        assertEquals(OptionalLong.of(pid), PidFiles.parse(content));
    }

    @Test
    void statParsingSurvivesSpacesAndParenthesesInTheCommandName() {
        String line = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10";
        ProcFs.Stat s = ProcFs.parseStat(4242, line).orElseThrow();
        assertEquals('S', s.state());
        assertEquals(1, s.ppid());
        assertEquals(4242, s.pgrp());
        assertEquals(4242, s.session());
        assertEquals(987654, s.startTicks());
    }

    @Test
    void zombieStateIsRecognised() {
        String line = "77 (z) Z 1 77 77 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0";
        assertTrue(ProcFs.parseStat(77, line).orElseThrow().isZombie());
    }

    @ParameterizedTest
    @ValueSource(longs = {-5, -1, 0, 1})
    void signallingPidOneOrBelowIsRefused(long pid) {
        assertThrows(IllegalArgumentException.class, () -> Native.kill(pid, 0));
        assertThrows(IllegalArgumentException.class, () -> Native.killGroup(pid, 0));
        assertThrows(IllegalArgumentException.class, () -> Native.pidfdOpen(pid));
    }

    @ParameterizedTest
    @CsvSource({"0,0,", "3,3,", "137,,9", "131,,3", "143,,15", "255,255,"})
    void javaExitValuesMapToCodesOrSignals(int value, Integer code, Integer signal) {
        ExitStatus s = ExitStatus.ofJavaExitValue(value);
        assertEquals(code, s.code());
        assertEquals(signal, s.signal());
    }

    @Test
    void stopPolicySurvivesTheStateFile() {
        StopPolicy p = StopPolicy.of(Signal.QUIT, Duration.ofSeconds(10)).then(Signal.TERM, Duration.ofMillis(1500), true);
        assertEquals(p, StopPolicy.decode(p.encode()));
        assertEquals(Duration.ofMillis(11_500), p.totalGrace());
    }

    @ParameterizedTest
    @CsvSource({"TERM,TERM", "sigquit,QUIT", "SIGINT,INT", " kill ,KILL"})
    void signalNamesParse(String text, Signal expected) {
        assertEquals(expected, Signal.parse(text).orElseThrow());
    }

    @Test
    void unknownSignalNameIsRejected() {
        assertTrue(Signal.parse("STOP").isEmpty());
    }
}
