package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.process.LinkRefusedException;
import dev.stackyard.core.service.ServiceAccount;
import dev.stackyard.testing.AsRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * As root, Stackyard rewrites pg_hba.conf inside the cluster, which belongs to the postgres
 * account. Before the fix the write followed a link the account planted there
 * ({@code pg_hba.conf -> /etc/...}), so the account made root overwrite any file. Now the link is
 * refused with a sentence naming it (the fault campaign's rule: no write through a link Stackyard
 * did not make, the service fails clearly), and a plain file is replaced, owned by the account.
 */
class AccountsFolderWritesTest {
    /** A uid no account uses: stands in for the postgres account. */
    private static final ServiceAccount ACCOUNT = new ServiceAccount("throwaway", 64_998, 64_998, "throwaway", Set.of(64_998));

    @TempDir
    Path tmp;

    @Test
    void pgHbaIsNeverWrittenThroughTheAccountsLink() throws IOException {
        AsRoot.require("handing a cluster to another account");
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Path cluster = Files.createDirectory(tmp.resolve("cluster"));
        Files.setAttribute(cluster, "unix:uid", ACCOUNT.uid());
        Path hba = Files.createSymbolicLink(cluster.resolve("pg_hba.conf"), victim);

        LinkRefusedException refused = assertThrows(LinkRefusedException.class,
                () -> PostgresFolders.replaceInAccountsFolder(hba, "local all all trust\n", ACCOUNT));

        assertEquals("precious\n", Files.readString(victim));
        assertTrue(refused.getMessage().startsWith(hba + " is a symbolic link"), refused.getMessage());
        assertTrue(Files.isSymbolicLink(hba), "left for the user to look at");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)),
                "the link's target keeps its mode");

        Files.delete(hba);
        PostgresFolders.replaceInAccountsFolder(hba, "local all all trust\n", ACCOUNT);

        assertEquals("local all all trust\n", Files.readString(hba));
        assertEquals(ACCOUNT.uid(), Files.getAttribute(hba, "unix:uid", LinkOption.NOFOLLOW_LINKS));
        assertEquals(ACCOUNT.gid(), Files.getAttribute(hba, "unix:gid", LinkOption.NOFOLLOW_LINKS));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hba)));
    }
}
