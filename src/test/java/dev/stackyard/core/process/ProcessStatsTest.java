package dev.stackyard.core.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tree sampling against real processes, and the CPU arithmetic as a table. */
class ProcessStatsTest {

    @Test
    void treeCountsTheRootAndEveryForkedChild() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "sleep 1000 & sleep 1000 & echo forked; wait")
                .redirectErrorStream(true).start();
        try {
            // The line comes after both forks: an explicit signal that the tree is complete.
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("forked", out.readLine());

            // The kernel's children files name the same two children as the JDK's walk of every process.
            assertEquals(p.children().map(ProcessHandle::pid).collect(java.util.stream.Collectors.toSet()),
                    java.util.Set.copyOf(ProcFs.children(p.pid())));
            ProcessStats.TreeSample s = ProcessStats.sample(p.pid()).orElseThrow();
            assertEquals(3, s.processes());
            assertTrue(s.rssBytes() > 3 * 100 * 1024, "rss " + s.rssBytes());
            // Boot time and start ticks have second and tick resolution.
            Instant now = Instant.now();
            assertTrue(s.rootStartedAt().isAfter(now.minusSeconds(60)) && s.rootStartedAt().isBefore(now.plusSeconds(2)),
                    "started " + s.rootStartedAt() + ", now " + now);
            assertEquals(ProcFs.stat(p.pid()).orElseThrow().startTicks(), s.rootStartTicks());
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void cpuTimeOfABusyProcessGrows() {
        long self = ProcessHandle.current().pid();
        ProcessStats.TreeSample before = ProcessStats.sample(self).orElseThrow();
        burnOwnCpu(Duration.ofMillis(300));
        ProcessStats.TreeSample after = ProcessStats.sample(self).orElseThrow();
        assertTrue(after.cpuTicks() - before.cpuTicks() >= 20, before.cpuTicks() + " -> " + after.cpuTicks());
        assertTrue(ProcessStats.cpuPercent(before, after) > 0);
    }

    @Test
    void goneProcessIsAbsent() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertTrue(ProcessStats.sample(p.pid()).isEmpty());
        Map<Long, ProcessStats.TreeSample> both = ProcessStats.sample(List.of(p.pid(), ProcessHandle.current().pid()));
        assertEquals(List.of(ProcessHandle.current().pid()), List.copyOf(both.keySet()));
    }

    @ParameterizedTest(name = "{0} ticks in {1} ms -> {2} %")
    @CsvSource({
            "100, 1000, 100.0",   // one core busy
            "50, 1000, 50.0",
            "200, 1000, 200.0",   // two cores
            "10, 500, 20.0",
            "0, 1000, 0.0",
            "-5, 1000, 0.0",      // a member's time vanished: never negative
            "10, 0, 0.0",         // same instant
            "10, -10, 0.0"})      // out of order
    void cpuPercentIsTimeUsedOverTimePassed(long ticks, long millis, double expected) {
        ProcessStats.TreeSample a = new ProcessStats.TreeSample(10, 5, 1, 1000, 0, Instant.EPOCH, 0);
        ProcessStats.TreeSample b = new ProcessStats.TreeSample(10, 5, 1, 1000 + ticks, 0, Instant.EPOCH,
                TimeUnit.MILLISECONDS.toNanos(millis));
        assertEquals(expected, ProcessStats.cpuPercent(a, b), 0.001);
    }

    @Test
    void cpuPercentOfAReusedPidIsZero() {
        ProcessStats.TreeSample a = new ProcessStats.TreeSample(10, 5, 1, 0, 0, Instant.EPOCH, 0);
        ProcessStats.TreeSample b = new ProcessStats.TreeSample(10, 6, 1, 100, 0, Instant.EPOCH, 1_000_000_000);
        assertEquals(0, ProcessStats.cpuPercent(a, b));
    }

    @Test
    void statParsingTakesUserSystemAndChildTimes() {
        String line = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 11 22 33 44 20 0 1 0 987654 1000 10";
        ProcFs.Stat e = ProcFs.parseStat(4242, line).orElseThrow();
        assertEquals(110, e.cpuTicks());
        assertEquals(1, e.ppid());
        assertEquals(987654, e.startTicks());
        assertFalse(e.isZombie());
    }

    @Test
    void rssAndBootTimeAreParsed() {
        assertEquals(2048 * 1024, ProcessStats.parseRss("Name:\tx\nVmRSS:\t    2048 kB\nVmSwap: 0 kB\n"));
        assertEquals(0, ProcessStats.parseRss("Name:\tkthreadd\n"));
        assertEquals(1_700_000_000L, ProcessStats.parseBootTime("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n").orElseThrow());
    }

    /** Keeps this thread busy until it has used {@code cpu} of CPU time (measured, not slept). */
    private static void burnOwnCpu(Duration cpu) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - start < cpu.toNanos()) {
            for (int i = 0; i < 100_000; i++) {
                x += i * 31L ^ x;
            }
        }
        assertTrue(x != 42); // keep the loop
    }
}
