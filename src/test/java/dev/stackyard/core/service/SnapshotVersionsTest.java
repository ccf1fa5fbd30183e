package dev.stackyard.core.service;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a snapshot says about versions ({@link ServiceEntry#versions}), as a table. */
class SnapshotVersionsTest {

    @ParameterizedTest(name = "running {0}/{1}, next {2}/{3}, configured {4}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // running          | next install      | configured | shown
            "15      | 15.14   | 17      | 17.12.0 | -  | 15, 15.14, 17.12.0",
            "15      | 15.14   | 15      | 15.14   | -  | 15, 15.14, -",
            "16.13.0 | 16.13.0 | 16.13.0 | 16.13.0 | -  | 16.13.0, 16.13.0, -",
            "16.13.0 | 16.13.0 | -       | -       | 16 | 16.13.0, 16.13.0, -",
            "-       | -       | 17      | 17.12.0 | -  | 17, 17.12.0, -",
            "-       | -       | -       | -       | 16 | 16, 16, -",
            "-       | -       | -       | -       | -  | -, -, -",
    })
    void runningVersionWinsAndTheNextOneIsNamedWhenItDiffers(String runV, String runExact, String nextV, String nextExact,
                                                           String configured, String shown) {
        RunRecords.RunVersion running = runV == null ? null : new RunRecords.RunVersion(runV, runExact);
        Installation next = nextV == null ? null
                : new Installation(ServiceKind.named("postgres"), nextV, Path.of("/x/postgres"), nextExact, Installation.SYSTEM);
        ServiceEntry.ShownVersions v = ServiceEntry.versions(running, next, configured);
        assertEquals(shown, dash(v.version()) + ", " + dash(v.exactVersion()) + ", " + dash(v.nextVersion()));
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
