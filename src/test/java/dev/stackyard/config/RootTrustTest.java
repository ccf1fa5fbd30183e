package dev.stackyard.config;

import dev.stackyard.testing.AsRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * As root, the Stackyard home, its config file and the folders above them must be root's and not
 * writable by group or others (sshd's StrictModes); the refusal says what to change.
 */
class RootTrustTest {
    /** A uid no account uses: stands in for another local user. */
    private static final int STRANGER = 64_997;

    @TempDir
    Path tmp;
    private Path home;
    private AppDirs dirs;

    @BeforeEach
    void setUp() throws IOException {
        AsRoot.require("files owned by another account");
        home = Files.createDirectory(tmp.resolve("home"));
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
    }

    @Test
    void aHomeOfRootsOwnBelowTmpIsTrusted() throws IOException {
        Files.writeString(dirs.configFile(), "services: []\n");
        assertDoesNotThrow(dirs::ensureCreated);
    }

    @Test
    void aHomeOwnedByAnotherAccountIsRefusedSayingWhatToChange() throws IOException {
        Files.setAttribute(home, "unix:uid", STRANGER);
        RootTrust.UntrustedException e = assertThrows(RootTrust.UntrustedException.class, dirs::ensureCreated);
        assertTrue(e.getMessage().contains(home + " owned by uid " + STRANGER + " (chown root:root " + home + ")"),
                e.getMessage());
        assertTrue(Files.notExists(home.resolve("run")), "nothing was created in it");
    }

    @Test
    void aGroupWritableFolderAboveTheHomeIsRefused() throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwx---"));
        RootTrust.UntrustedException e = assertThrows(RootTrust.UntrustedException.class, dirs::ensureCreated);
        assertTrue(e.getMessage().contains(tmp + " is writable by its group (chmod go-w " + tmp + ")"), e.getMessage());
    }

    @Test
    void aConfigFileAnotherAccountOwnsOrMayWriteIsRefused() throws IOException {
        Files.writeString(dirs.configFile(), "services: []\n");
        Files.setPosixFilePermissions(dirs.configFile(), PosixFilePermissions.fromString("rw-rw-rw-"));
        RootTrust.UntrustedException e = assertThrows(RootTrust.UntrustedException.class, dirs::ensureCreated);
        assertTrue(e.getMessage().contains(dirs.configFile() + " is writable by its group and others"), e.getMessage());

        Files.setPosixFilePermissions(dirs.configFile(), PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(dirs.configFile(), "unix:uid", STRANGER);
        assertThrows(RootTrust.UntrustedException.class, dirs::ensureCreated);
    }

    /**
     * The attack: another account owns a folder on the way and swaps the run folder for a link to a
     * folder of its choice; before the fix, root followed it and chmodded the target to 0700.
     */
    @Test
    void aLinkAnotherAccountPlantedIsNeitherFollowedNorChmodded() throws IOException {
        Path target = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setAttribute(home, "unix:uid", STRANGER);
        Path link = Files.createSymbolicLink(home.resolve("run"), target);
        Files.setAttribute(link, "unix:uid", STRANGER, LinkOption.NOFOLLOW_LINKS);

        RootTrust.UntrustedException e = assertThrows(RootTrust.UntrustedException.class, dirs::ensureCreated);

        assertTrue(e.getMessage().contains(link + " is a link owned by uid " + STRANGER), e.getMessage());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void otherAccountsAreNotChecked() throws IOException {
        Files.setAttribute(home, "unix:uid", STRANGER);
        assertDoesNotThrow(() -> RootTrust.check(dirs, STRANGER));
    }
}
