package dev.stackyard.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondWindowForTheSameHomeIsRefusedUntilTheFirstGoes() throws Exception {
        Path file = dir.resolve("run/window.lock");
        Optional<InstanceLock> first = InstanceLock.tryAcquire(file);
        assertTrue(first.isPresent());
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
        assertTrue(InstanceLock.tryAcquire(file).isEmpty());
        first.get().close();
        InstanceLock again = InstanceLock.tryAcquire(file).orElseThrow();
        again.close();
    }
}
