package dev.stackyard.core.bundle;

import org.junit.jupiter.api.Test;

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
    void rootsBundlesLeaveRootsHomeButAnyoneElsesStayInTheDataFolder() {
        assertEquals(java.nio.file.Path.of(BundleLocation.ROOT_BUNDLES), BundleLocation.choose(
                java.nio.file.Path.of("/root/.local/share/stackyard"), java.nio.file.Path.of("/root"), true));
        assertEquals(java.nio.file.Path.of("/tmp/h/data/bundles"), BundleLocation.choose(
                java.nio.file.Path.of("/tmp/h/data"), java.nio.file.Path.of("/root"), true));
        assertEquals(java.nio.file.Path.of("/home/ann/.local/share/stackyard/bundles"), BundleLocation.choose(
                java.nio.file.Path.of("/home/ann/.local/share/stackyard"), java.nio.file.Path.of("/home/ann"), false));
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
