package dev.stackyard.core.service.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostmasterPidTest {

    /** What PostgreSQL 15 writes, status padded to eight characters. */
    private static final String READY_FILE = """
            12345
            /home/dev/.local/share/stackyard/pg-main
            1700000000
            5432
            /home/dev/.cache/stackyard/run
            127.0.0.1
              5432001         0
            ready   \n""";

    @TempDir
    Path dir;

    private Optional<PostmasterPid> read(String contents) throws IOException {
        Path file = dir.resolve("postmaster.pid");
        Files.writeString(file, contents);
        return PostmasterPid.read(file);
    }

    @Test
    void readsAllEightLinesOfAReadyServersFile() throws IOException {
        PostmasterPid pid = read(READY_FILE).orElseThrow();
        assertEquals(new PostmasterPid(12345, Path.of("/home/dev/.local/share/stackyard/pg-main"),
                Instant.ofEpochSecond(1700000000), 5432, "/home/dev/.cache/stackyard/run", "127.0.0.1",
                "5432001         0", PostmasterPid.Status.READY), pid);
        assertTrue(pid.isReady());
    }

    @ParameterizedTest
    @CsvSource({"'starting',STARTING", "'stopping',STOPPING", "'standby ',STANDBY", "'reading',UNKNOWN"})
    void statusOtherThanReadyIsNotReady(String line, PostmasterPid.Status expected) throws IOException {
        PostmasterPid pid = read(READY_FILE.replace("ready   ", line)).orElseThrow();
        assertEquals(expected, pid.status());
        assertFalse(pid.isReady());
    }

    @Test
    void fileWithOnlyItsFirstLinesHasUnknownStatusAndEmptyLaterFields() throws IOException {
        // postgres writes lines 1-5 first and adds the rest while starting.
        PostmasterPid pid = read("12345\n/data\n1700000000\n5432\n\n").orElseThrow();
        assertEquals(PostmasterPid.Status.UNKNOWN, pid.status());
        assertEquals("", pid.listenAddress());
        assertEquals("", pid.shmemKey());
    }

    @Test
    void statusLineWithoutItsNewlineCountsAsNotYetWritten() throws IOException {
        PostmasterPid pid = read(READY_FILE.stripTrailing()).orElseThrow();
        assertEquals(PostmasterPid.Status.UNKNOWN, pid.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "\n\n\n\n\n\n\n\n",
            "12345\n/data\n1700000000\n",
            "hello world\nthis is not a pid file\n\n\n\n",
            "12345\n/data\n1700000000\nfivefourthreetwo\n/tmp\n127.0.0.1\n0 0\nready   \n",
            "12345\n/data\n1700000000\n99999\n/tmp\n127.0.0.1\n0 0\nready   \n",
            "0\n/data\n1700000000\n5432\n/tmp\n127.0.0.1\n0 0\nready   \n",
            "12345\n\n1700000000\n5432\n/tmp\n127.0.0.1\n0 0\nready   \n",
    })
    void emptyTruncatedOrGarbledFileGivesNothing(String contents) throws IOException {
        assertEquals(Optional.empty(), read(contents));
    }

    @Test
    void binaryGarbageGivesNothing() throws IOException {
        Path file = dir.resolve("postmaster.pid");
        Files.write(file, new byte[] {(byte) 0xFF, 0, 1, 2, '\n', (byte) 0xC3, '\n', '\n', '\n', '\n'});
        assertEquals(Optional.empty(), PostmasterPid.read(file));
    }

    @Test
    void missingFileGivesNothing() {
        assertEquals(Optional.empty(), PostmasterPid.read(dir.resolve("postmaster.pid")));
    }
}
