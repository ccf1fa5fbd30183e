package dev.stackyard.core.service.kind.mariadb;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MariaDbFailuresTest {
    private static final MariaDbFailures.Context CONTEXT = new MariaDbFailures.Context("db", 3306,
            Path.of("/data/mariadb/db"), "mysql", Optional.empty());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "2026-12-07  4:35:39 0 [ERROR] Can't start server: Bind on TCP/IP port. Got error: 98: Address already in use"
                    + "| db could not start: port 3306 is already in use; choose another port or stop what holds it",
            "2026-12-07  4:35:39 0 [ERROR] Do you already have another server running on port: 3306 ?"
                    + "| db could not start: port 3306 is already in use; choose another port or stop what holds it",
            "2026-12-07  4:35:39 0 [ERROR] mariadbd: Can't lock aria control file '/data/mariadb/db/aria_log_control' for exclusive use, error: 11. Will retry for 30 seconds"
                    + "| db could not start: another MariaDB server holds /data/mariadb/db; stop it first",
            "2026-12-07  4:35:39 0 [ERROR] InnoDB: Unable to lock ./ibdata1 error: 11"
                    + "| db could not start: another MariaDB server holds /data/mariadb/db; stop it first",
            "2026-12-07  4:35:39 0 [ERROR] InnoDB: Write to file ./ibdata1 failed at offset 0, 1048576 bytes should have been written, only 0 were written. No space left on device"
                    + "| db could not start: the disk holding /data/mariadb/db is full; free some space and start again",
            "2026-12-07  4:35:39 0 [ERROR] mariadbd: Disk is full writing './mysql/db.MAD' (Errcode: 28 \"No space left on device\")"
                    + "| db could not start: the disk holding /data/mariadb/db is full; free some space and start again",
            "2026-12-07  4:35:39 0 [ERROR] InnoDB: Upgrade after a crash is not supported. The redo log was created with MariaDB 11.4.5."
                    + "| db could not start: /data/mariadb/db was made by another MariaDB version that this server cannot read; set the matching version for this service",
            "2026-12-07  4:35:39 0 [ERROR] Fatal error: Please consult the Knowledge Base to find out how to run mysqld as root!"
                    + "| db could not start: MariaDB refuses to run as root; run Stackyard as an ordinary user",
            "2026-12-07  4:35:39 0 [ERROR] mariadbd: File './ddl_recovery.log' not found (Errcode: 13 \"Permission denied\")"
                    + "| db could not start: mariadbd (running as mysql) was refused access: 2026-12-07  4:35:39 0 [ERROR] mariadbd: File './ddl_recovery.log' not found (Errcode: 13 \"Permission denied\"); check the owner and mode of /data/mariadb/db",
            "2026-12-07  4:35:39 0 [Note] Starting MariaDB | the process exited",
    })
    void logLineExplainsTheFailure(String logLine, String sentence) {
        assertEquals(sentence, MariaDbFailures.explain(Optional.empty(), List.of("some line", logLine), CONTEXT,
                "the process exited"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "Address already in use | port 3306 is used by PID 42 (mariadbd); choose another port or stop what holds it",
    })
    void aKnownPortHolderIsNamed(String logLine, String end) {
        MariaDbFailures.Context c = new MariaDbFailures.Context("db", 3306, Path.of("/d"), "me",
                Optional.of("port 3306 is used by PID 42 (mariadbd)"));
        assertEquals("db could not start: " + end, MariaDbFailures.explain(Optional.empty(), List.of(logLine), c, "x"));
    }

    @ParameterizedTest(name = "folder {0}, server {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "10.11.19-MariaDB | 10.11.19 | ",
            "10.11.19-MariaDB | 10.11.6  | ",
            "11.4.5-MariaDB   | 11.4.5   | ",
            "11.4.5-MariaDB   | 10.11.19 | newer than this MariaDB 10.11.19, which cannot read it; set version: 11.4",
            "10.11.19-MariaDB | 11.4.5   | Stackyard never upgrades a data folder by itself: set version: 10.11",
            "10.6.1-MariaDB   | 10.11.19 | Stackyard never upgrades a data folder by itself: set version: 10.6",
    })
    void versionMismatch(String folder, String server, String expected) {
        Optional<String> why = MariaDbFailures.versionMismatch("db", Path.of("/d"), folder, server);
        if (expected == null) {
            assertEquals(Optional.empty(), why);
        } else {
            assertTrue(why.orElseThrow().startsWith("db cannot start: /d was made by MariaDB " + folder), why.get());
            assertTrue(why.get().contains(expected), why.get());
        }
    }
}
