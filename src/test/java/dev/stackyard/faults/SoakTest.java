package dev.stackyard.faults;

import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.supervise.EventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 §6, short enough for CI: ten services under a supervisor, one of them killed and brought
 * back {@value #KILLS} times while the config changes {@value #CHANGES} times. After a warm-up,
 * threads, descriptors, heap and RSS stay where they were, give or take a constant, and every file
 * under STACKYARD_HOME stays within its cap (the event log, filled to just below its cap first, is
 * rotated by the appends that pass it). The benchmark's {@code soak} section runs it longer.
 * {@code -Dstackyard.soak.kills=N -Dstackyard.soak.changes=M} change the counts.
 */
class SoakTest {
    static final int KILLS = 200;
    static final int CHANGES = 50;
    private static final int WARM_KILLS = 20;
    private static final int WARM_CHANGES = 4;
    /** Room for threads and files the JVM opens and closes by itself meanwhile (JIT, class loading, GC). */
    private static final int SLACK = 12;
    /** The leak check proper: what the heap holds after a collection. */
    private static final long HEAP_SLACK_KIB = 32 * 1024;
    /**
     * RSS also grows while the collector commits more of the heap it may use (-Xmx1g) and keeps it
     * committed (seen: +108 MiB with a flat heap on a loaded machine): a bound on runaway growth only.
     */
    private static final long RSS_SLACK_KIB = 256 * 1024;

    @TempDir
    Path home;

    @Test
    void aServiceKilledTwoHundredTimesWhileTheConfigChangesLeavesThreadsFilesAndMemoryBounded() throws Exception {
        int kills = Integer.getInteger("stackyard.soak.kills", KILLS);
        int changes = Integer.getInteger("stackyard.soak.changes", CHANGES);
        long eventCap = SupervisionPolicy.Logs.DEFAULT.maxSize();
        Path events = EventLog.file(home.resolve("logs"));
        fillBelow(events, eventCap - 1024);

        try (Soak soak = new Soak(home)) {
            assertEquals(home.resolve("logs"), soak.dirs().logDir(), "the event log is where this test filled it");
            soak.run(WARM_KILLS, WARM_CHANGES);
            Soak.Figures warm = soak.measure();
            soak.run(kills - WARM_KILLS, changes - WARM_CHANGES);
            Path victimLog = soak.dirs().logDir().resolve("victim.log");
            // The supervisor checks the logs every 10 s: wait for the check after the last kill.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (Files.size(victimLog) > Soak.VICTIM_LOG_CAP + 4096 && System.nanoTime() < until) {
                TimeUnit.MILLISECONDS.sleep(200); // polls a file the supervisor's timer rotates; the deadline is the gate
            }
            Soak.Figures end = soak.measure();
            System.out.printf("soak %d kills, %d changes: threads %d -> %d, fds %d -> %d, RSS %d -> %d KiB,"
                            + " heap %d -> %d KiB, files %d (%d B) -> %d (%d B)%n", kills, changes,
                    warm.threads(), end.threads(), warm.fds(), end.fds(), warm.rssKiB(), end.rssKiB(),
                    warm.heapKiB(), end.heapKiB(), warm.files().size(), warm.fileBytes(), end.files().size(), end.fileBytes());
            end.files().forEach((f, size) -> System.out.printf("  %s %d%n", f, size));

            assertTrue(end.threads() <= warm.threads() + SLACK, "threads grew from " + warm.threads() + " to " + end.threads());
            assertTrue(end.fds() <= warm.fds() + SLACK, "open files grew from " + warm.fds() + " to " + end.fds());
            assertTrue(end.heapKiB() <= warm.heapKiB() + HEAP_SLACK_KIB,
                    "the heap grew from " + warm.heapKiB() + " to " + end.heapKiB() + " KiB");
            assertTrue(end.rssKiB() <= warm.rssKiB() + RSS_SLACK_KIB,
                    "RSS grew from " + warm.rssKiB() + " to " + end.rssKiB() + " KiB");
            assertTrue(end.files().size() <= warm.files().size() + 4,
                    "files under the home grew from " + warm.files() + " to " + end.files());

            Map<String, Long> files = end.files();
            assertTrue(files.get("logs/victim.log") <= Soak.VICTIM_LOG_CAP + 4096,
                    "victim.log was never capped: " + files);
            assertTrue(files.containsKey("logs/victim.log.1") && !files.containsKey("logs/victim.log." + (Soak.VICTIM_LOG_KEEP + 1)),
                    "victim.log rotates into " + Soak.VICTIM_LOG_KEEP + " old files: " + files);
            assertTrue(files.containsKey("logs/events.log.1"), "the event log was rotated past its cap: " + files);
            assertTrue(files.get("logs/events.log") <= eventCap + 1024, "events.log past its cap: " + files);
            files.forEach((f, size) -> assertTrue(f.startsWith("logs/events.log") || size <= 1024 * 1024,
                    f + " is " + size + " bytes"));

            assertEquals(1, soak.victimProcesses(), "exactly one victim process runs");
            assertTrue(soak.session().snapshots().stream().filter(s -> !s.id().equals("pgx") && !s.id().equals("edited"))
                            .allMatch(s -> s.state() == ServiceState.RUNNING),
                    "the ten services ran through it all: " + soak.session().snapshots());
            assertFalse(soak.session().snapshots().stream().map(ServiceSnapshot::id).anyMatch("edited"::equals));
        }
    }

    /** Fills {@code file} with event lines up to {@code size} bytes, as months of use would. */
    static void fillBelow(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] line = ("{\"time\":\"2026-01-01T00:00:00Z\",\"id\":\"old\",\"from\":\"STARTING\",\"to\":\"RUNNING\","
                + "\"reason\":\"PID 1234\",\"exit\":null}\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written + line.length <= size; written += line.length) {
                out.write(line);
            }
        }
    }
}
