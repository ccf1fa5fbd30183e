package dev.stackyard.core.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The process core's records (state files with full command lines, PID files, locks, stop markers)
 * are private: another account on the machine can read none of them. Before the fix they were
 * created with the umask's modes (0755 folder, 0644 files).
 */
class PrivateRecordsTest {
    @TempDir
    Path tmp;
    private ProcessManager manager;

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.stopAll(Duration.ofSeconds(5));
            manager.close();
        }
    }

    @Test
    void stateFolderAndEveryRecordInItAreOwnerOnly() throws IOException {
        Path state = tmp.resolve("run/processes");
        manager = new ProcessManager(state);
        ProcessInfo info = manager.start(new ProcessSpec("sleeper", List.of("sleep", "60"), tmp, Map.of(),
                tmp.resolve("logs/sleeper.log"), null, StopPolicy.of(Signal.TERM, Duration.ofSeconds(5))),
                ReadinessCheck.ALIVE, Duration.ofSeconds(10));
        assertTrue(info.pid() > 1);
        assertTrue(Files.exists(state.resolve("sleeper.state")), "the state record exists while it runs");
        assertOwnerOnly(tmp.resolve("run"));

        manager.stop("sleeper");
        assertTrue(Files.exists(state.resolve("sleeper.stopping")), "the stop marker outlives the stop");
        assertOwnerOnly(tmp.resolve("run"));
    }

    @Test
    void aStateFolderAnOlderVersionLeftOpenIsNarrowed() throws IOException {
        Path state = Files.createDirectories(tmp.resolve("old/processes"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));
        manager = new ProcessManager(state);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    }

    @Test
    void aLinkPlantedAtARecordsNameIsRefusedNotFollowed() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Path dir = tmp.resolve("state");
        PrivateFiles.createFolders(dir);
        Files.createSymbolicLink(dir.resolve("x.pid"), victim);

        LinkRefusedException e = assertThrows(LinkRefusedException.class, () -> PidFiles.write(dir.resolve("x.pid"), 4242));

        assertEquals("precious\n", Files.readString(victim));
        assertTrue(e.getMessage().startsWith(dir.resolve("x.pid").toAbsolutePath() + " is a symbolic link"), e.getMessage());
        assertTrue(Files.isSymbolicLink(dir.resolve("x.pid")), "left for the user to look at");
    }

    /** Every folder at and under {@code root} is 0700 and every file 0600 (sockets and links aside). */
    static void assertOwnerOnly(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertEquals("rwx------", mode, p + " is a folder others may enter");
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    assertEquals("rw-------", mode, p + " is a file others may read");
                }
            }
        }
    }
}
