package dev.stackyard.core.service;

import dev.stackyard.testing.AsRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may change a served folder: for root, group or others' write refuses it; for an ordinary
 * user, only write by every account does (a user-private group's umask 002 is normal), and a
 * folder of another account refuses it for both.
 */
class ServedFoldersTest {
    private static final int USER = 64_990;

    @TempDir
    Path tmp;

    private Path site(int owner, String mode) throws Exception {
        Path site = Files.createDirectory(tmp.resolve("site-" + owner + "-" + mode));
        Files.setPosixFilePermissions(site, PosixFilePermissions.fromString(mode));
        Files.setAttribute(site, "unix:uid", owner);
        return site;
    }

    @Test
    void anOrdinaryUsersGroupWritableProjectIsServedButOneEveryAccountMayWriteIsNot() throws Exception {
        AsRoot.require("hands folders to another uid");
        assertEquals(java.util.Optional.empty(), ServedFolders.writableByOthers(site(USER, "rwxrwxr-x"), USER));
        String why = ServedFolders.writableByOthers(site(USER, "rwxrwxrwx"), USER).orElseThrow();
        assertTrue(why.contains("every account") && why.endsWith("chmod o-w " + tmp.resolve("site-" + USER + "-rwxrwxrwx")), why);
    }

    @Test
    void rootRefusesGroupWriteAndAFolderOfAnotherAccount() throws Exception {
        AsRoot.require("hands folders to another uid");
        String group = ServedFolders.writableByOthers(site(0, "rwxrwxr-x"), 0).orElseThrow();
        assertTrue(group.contains("its group") && group.contains("chmod go-w"), group);
        String other = ServedFolders.writableByOthers(site(USER, "rwxr-xr-x"), 0).orElseThrow();
        assertTrue(other.contains("belongs to another account (uid " + USER + ")"), other);
    }
}
