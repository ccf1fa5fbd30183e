package dev.stackyard.core.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.stackyard.testing.AsRoot;

/**
 * The registry's records ({@code started-with}, {@code last-error}) never go into a service's run
 * folder, which as root belongs to the postgres account: before the fix that account could plant
 * {@code started-with -> /any/file} there and root overwrote the file it named.
 */
class RunRecordsTest {
    /** A uid no account on a Debian machine uses: stands in for the postgres account. */
    private static final int STRANGER = 64_999;

    @TempDir
    Path home;

    private ServiceEnvironment env() {
        return new ServiceEnvironment(home.resolve("data"), home.resolve("run"), home.resolve("logs"),
                Installations.load(home.resolve("data/bundles")));
    }

    @Test
    void aLinkPlantedInTheAccountsRunFolderIsNotWrittenThrough() throws IOException {
        AsRoot.require("handing a folder to another account");
        ServiceEnvironment env = env();
        Path victim = Files.writeString(home.resolve("victim"), "precious\n");
        Path accountsFolder = Files.createDirectories(env.serviceRunDir("pg"));
        Files.setAttribute(accountsFolder, "unix:uid", STRANGER);
        Files.createSymbolicLink(accountsFolder.resolve("started-with"), victim);
        Files.createSymbolicLink(accountsFolder.resolve("last-error"), victim);

        RunRecords records = new RunRecords(env);
        records.writeStartedWith("pg", "definition");
        records.writeLastError("pg", "it failed");

        assertEquals("precious\n", Files.readString(victim));
        assertEquals("definition", records.readStartedWith("pg").orElseThrow());
        assertEquals("it failed", records.readLastError("pg").orElseThrow());
    }

    @Test
    void recordsAreOwnerOnlyFromCreation() throws IOException {
        RunRecords records = new RunRecords(env());
        records.writeStartedWith("web", "definition");
        Path folder = ServiceEnvironment.recordFolder(home.resolve("run"), "web");
        assertTrue(Files.isRegularFile(folder.resolve("started-with")));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(folder.resolve("started-with"), LinkOption.NOFOLLOW_LINKS)));
    }
}
