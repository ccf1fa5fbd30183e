package dev.stackyard.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppDirsTest {

    @TempDir
    Path tmp;

    @Test
    void stackyardHomePutsEverythingUnderIt() {
        AppDirs dirs = AppDirs.resolve(Map.of("STACKYARD_HOME", "/opt/sy", "HOME", "/home/alice",
                "XDG_CONFIG_HOME", "/elsewhere/config"));

        assertEquals(new AppDirs(Path.of("/opt/sy/stackyard.yaml"), Path.of("/opt/sy/data"),
                Path.of("/opt/sy/run"), Path.of("/opt/sy/logs")), dirs);
    }

    @Test
    void withoutStackyardHomeTheXdgFallbacksUnderHomeApply() {
        AppDirs dirs = AppDirs.resolve(Map.of("HOME", "/home/alice"));

        assertEquals(new AppDirs(Path.of("/home/alice/.config/stackyard/stackyard.yaml"),
                Path.of("/home/alice/.local/share/stackyard"),
                Path.of("/home/alice/.local/state/stackyard/run"),
                Path.of("/home/alice/.local/state/stackyard/logs")), dirs);
    }

    @Test
    void xdgVariablesOverrideTheFallbacks() {
        AppDirs dirs = AppDirs.resolve(Map.of("HOME", "/home/alice", "XDG_CONFIG_HOME", "/x/config",
                "XDG_DATA_HOME", "/x/data", "XDG_STATE_HOME", "/x/state"));

        assertEquals(new AppDirs(Path.of("/x/config/stackyard/stackyard.yaml"), Path.of("/x/data/stackyard"),
                Path.of("/x/state/stackyard/run"), Path.of("/x/state/stackyard/logs")), dirs);
    }

    @Test
    void blankStackyardHomeAndRelativeOrBlankXdgVariablesAreIgnored() {
        AppDirs dirs = AppDirs.resolve(Map.of("STACKYARD_HOME", "  ", "HOME", "/home/alice",
                "XDG_CONFIG_HOME", "relative/config", "XDG_DATA_HOME", ""));

        assertEquals(AppDirs.resolve(Map.of("HOME", "/home/alice")), dirs);
    }

    @Test
    void ensureCreatedMakesEveryFolderOwnerOnly() throws IOException {
        AppDirs dirs = AppDirs.resolve(Map.of("HOME", tmp.resolve("home").toString()));

        dirs.ensureCreated();

        for (Path dir : new Path[] {dirs.configDir(), dirs.dataDir(), dirs.runDir(), dirs.logDir(),
                tmp.resolve("home/.local/state")}) {
            assertTrue(Files.isDirectory(dir), dir.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
        }
        assertFalse(Files.exists(dirs.configFile()), "folders only, no config file");
    }

    @Test
    void ensureCreatedTightensExistingStackyardFoldersButNotTheirParents() throws IOException {
        Path base = tmp.resolve("sy");
        Files.createDirectories(base.resolve("logs"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(base.resolve("logs"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        AppDirs dirs = AppDirs.resolve(Map.of("STACKYARD_HOME", base.toString()));

        dirs.ensureCreated();

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(base.resolve("logs"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(base)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)));
    }

    @Test
    void ensureCreatedLeavesAFolderOpenedForPassingThroughAsItIs() throws IOException {
        // As root Stackyard opens its folders 0711 for postgres's account; narrowing them at the next
        // CLI call cut a running cluster off its files (PANIC: could not open pg_control).
        Path base = tmp.resolve("sy");
        Files.createDirectories(base.resolve("data"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(base.resolve("data"), PosixFilePermissions.fromString("rwx--x--x"));
        AppDirs dirs = AppDirs.resolve(Map.of("STACKYARD_HOME", base.toString()));

        dirs.ensureCreated();

        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(base)));
        assertEquals("rwx--x--x", PosixFilePermissions.toString(Files.getPosixFilePermissions(base.resolve("data"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(base.resolve("logs"))));
    }
}
