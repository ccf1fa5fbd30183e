package dev.stackyard.core.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Running as root is decided by the effective uid, not by the user.name property. */
class ServiceEnvironmentTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Name:\\tjava\\nUid:\\t1000\\t1000\\t1000\\t1000\\nGid:\\t1000\\t1000\\t1000\\t1000|1000",
            "Uid:\\t1000\\t0\\t0\\t0|0",
            "Uid:\\t0\\t1000\\t1000\\t1000|1000",
    })
    void effectiveUidIsTheSecondNumberOfTheUidLine(String status, int uid) {
        assertEquals(uid, ServiceEnvironment.parseEffectiveUid(status.replace("\\n", "\n").replace("\\t", "\t")));
    }

    @Test
    void aStatusWithoutUidLineIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ServiceEnvironment.parseEffectiveUid("Name:\tjava\n"));
    }

    @Test
    void thisJvmsUidMatchesTheOwnerOfItsProcFolder() throws Exception {
        int owner = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");

        assertEquals(owner, ServiceEnvironment.effectiveUid());
        assertEquals(owner == 0, ServiceEnvironment.runningAsRoot());
    }
}
