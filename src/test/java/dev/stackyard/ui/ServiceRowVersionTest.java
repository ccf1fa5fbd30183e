package dev.stackyard.ui;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The row names the version a running service runs, and says when its next start would run another. */
class ServiceRowVersionTest {

    @ParameterizedTest(name = "{0} {1}, next {2}, pending {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "15      | 15.14   | -       | false | postgres 15      | ''",
            "15      | 15.14   | 15.15   | false | postgres 15      | Next start runs postgres 15.15",
            "15      | 15.14   | 15.15   | true  | postgres 15      | Config changed: restart to apply; next start runs postgres 15.15",
            "16.13.0 | 16.13.0 | -       | true  | postgres 16.13.0 | Config changed: restart to apply",
    })
    void rowShowsTheRunningVersionAndTheNextOne(String version, String exact, String next, boolean pending,
                                                String kindAndVersion, String notice) {
        ServiceSnapshot s = new ServiceSnapshot("pg", ServiceKind.named("postgres"), version, ServiceState.RUNNING, 42L, 5432,
                Path.of("/tmp/pg.pid"), Path.of("/tmp/pg.log"), null, null, List.of(), null, Instant.EPOCH, pending,
                null, null, exact, next);
        assertEquals(kindAndVersion, ServiceRowViewModel.describeKind(s));
        assertEquals(notice, ServiceRowViewModel.notice(s));
    }
}
