package dev.stackyard.core.bundle;

import dev.stackyard.core.service.Versions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pure decisions: which version a request means, where bundles go, which URLs are repositories. */
class BundleDecisionsTest {
    private static final List<String> OFFERED = List.of("18.6.0", "17.11.0", "17.9.0", "17.10.0", "16.13.0", "9.6.24", "9.6.3");

    @Test
    void aMajorMeansItsNewestReleaseAndAnExactVersionItself() {
        assertEquals("17.11.0", Versions.pick("17", OFFERED).orElseThrow());
        assertEquals("17.9.0", Versions.pick("17.9.0", OFFERED).orElseThrow());
        assertEquals("9.6.24", Versions.pick("9.6", OFFERED).orElseThrow());
        assertTrue(Versions.pick("1", OFFERED).isEmpty(), "1 must not match 17 or 18");
        assertTrue(Versions.pick("17.1", OFFERED).isEmpty(), "17.1 must not match 17.10.0 or 17.11.0");
    }

    @Test
    void majorsBefore10HaveTwoParts() {
        assertEquals("17", Versions.major("17.11.0"));
        assertEquals("9.6", Versions.major("9.6.24"));
        assertEquals("15", Versions.major("15"));
    }

    @Test
    void theNewestReleaseOfEachMajorIsListedNewestFirst() {
        assertEquals(List.of("18.6.0", "17.11.0", "16.13.0", "9.6.24"), BundleInstaller.newestPerMajor(OFFERED));
    }

    @Test
    void asRootBundlesLeaveAFolderOthersCannotEnterButStayInAStackyardHome(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path closed = Files.createDirectory(tmp.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path userHome = Path.of("/nonexistent-home");
        // XDG-like layout inside a closed folder (like /root/.local/share/stackyard): moved out.
        assertEquals(Path.of(BundleLocation.ROOT_BUNDLES), BundleLocation.choose(closed.resolve(".local/share/stackyard"),
                closed.resolve(".local/state/stackyard/run"), userHome, true));
        // A STACKYARD_HOME that is itself closed is Stackyard's own: the manager opens it (0711).
        Path home = Files.createDirectory(open.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        assertEquals(home.resolve("data/bundles"), BundleLocation.choose(home.resolve("data"), home.resolve("run"), userHome, true));
        // Not root: always the data folder.
        assertEquals(closed.resolve("data/bundles"), BundleLocation.choose(closed.resolve("data"), closed.resolve("run"),
                userHome, false));
    }

    @Test
    void theEnvironmentWinsOverTheConfigWhichWinsOverCentral() throws Exception {
        assertEquals("file:/srv/m2/", MavenRepository.choose("file:/srv/m2", "https://mirror.example/m2").toString());
        assertEquals("https://mirror.example/m2/", MavenRepository.choose(" ", "https://mirror.example/m2").toString());
        assertEquals(MavenRepository.CENTRAL + "/", MavenRepository.choose(null, null).toString());
        BundleException e = assertThrows(BundleException.class, () -> MavenRepository.of("ftp://example/m2"));
        assertTrue(e.getMessage().contains("use https://..., http://... or file:/path"), e.getMessage());
    }

    @Test
    void archiveNamesThatLeaveTheFolderAreRefused() throws Exception {
        java.nio.file.Path root = java.nio.file.Path.of("/tmp/unpack-root");
        assertEquals(root.resolve("bin/postgres"), SafeUnpack.inside(root, "bin/postgres"));
        for (String bad : List.of("../etc/passwd", "/etc/passwd", "bin/../../x", "")) {
            assertThrows(BundleException.class, () -> SafeUnpack.inside(root, bad), bad);
        }
    }
}
