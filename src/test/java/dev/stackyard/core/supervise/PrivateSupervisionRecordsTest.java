package dev.stackyard.core.supervise;

import dev.stackyard.core.service.ServiceState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The supervisor's records (user intents, supervision status, the event log) are owner-only from creation. */
class PrivateSupervisionRecordsTest {
    @TempDir
    Path tmp;

    @Test
    void intentsAndSupervisionStatusAreOwnerOnly() throws IOException {
        Path run = tmp.resolve("run");
        UserIntents.record(run, List.of("web"), "stop");
        new SupervisionStatus(ServiceState.STOPPED, 0, SupervisionStatus.Health.UNKNOWN, null, null).write(run, "web");

        assertTrue(UserIntents.read(run, "web").isPresent());
        assertTrue(SupervisionStatus.read(run, "web").isPresent());
        try (Stream<Path> all = Files.walk(run)) {
            for (Path p : all.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode, p.toString());
            }
        }
    }
}
