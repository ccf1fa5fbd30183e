package dev.stackyard.app;

import dev.stackyard.config.AppDirs;
import dev.stackyard.core.process.OneShot;
import dev.stackyard.testing.AsRoot;
import dev.stackyard.testing.OtherAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 §5: the window's request socket answers its owner only. Another account tries to
 * connect with the folders above Stackyard's opened to it, so Stackyard's own modes (the 0700
 * run folder) are what stop it; the owner's request still gets through.
 */
class WindowSocketOwnerOnlyTest {
    @TempDir
    Path tmp;

    @Test
    void anotherAccountCannotAskTheWindowAnything() throws IOException {
        AsRoot.require("acting as another account");
        for (Path p = tmp; p.getParent() != null && !p.equals(Path.of("/tmp")); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
        }
        AppDirs dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, tmp.resolve("home").toString()));
        dirs.ensureCreated();
        Files.setPosixFilePermissions(tmp.resolve("home"), PosixFilePermissions.fromString("rwx--x--x"));
        Path socket = WindowRequests.socketFile(dirs.runDir());
        AtomicInteger shown = new AtomicInteger();
        try (WindowRequests _ = WindowRequests.serve(socket, shown::incrementAndGet)) {
            OneShot.Result attack = OtherAccount.run("/usr/bin/python3", "-c", """
                    import socket
                    s = socket.socket(socket.AF_UNIX)
                    s.connect(%s)
                    s.sendall(b"show\\n")
                    print(s.recv(64))
                    """.formatted("'" + socket + "'"));

            assertFalse(attack.succeeded(), "another account reached the window: " + attack.output());
            assertTrue(String.join("\n", attack.output()).contains("Permission denied"), attack.output().toString());
            assertEquals(0, shown.get());
            assertTrue(WindowRequests.requestShow(socket), "the owner's request");
            assertEquals(1, shown.get());
        }
    }
}
