package dev.stackyard.core.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    /** Every component set, nested records too, and an env written out of key order. */
    private static ServiceDefinition everything(Map<String, String> env, int healthFailures) {
        return new ServiceDefinition("web", ServiceKind.named("process"), "8.2", 8080, true,
                dev.stackyard.core.process.Signal.TERM, Duration.ofSeconds(7), Path.of("/srv/web"), "8.2",
                List.of("php", "artisan", "serve"), Path.of("/srv"), env,
                new ServiceDefinition.ProcessReadiness(8080, "ready"), Path.of("/data/web"), true,
                new ServiceDefinition.MailSettings(8025, 500, 1024L), List.of("db", "cache"),
                new SupervisionPolicy(SupervisionPolicy.Restart.ON_FAILURE, SupervisionPolicy.Backoff.DEFAULT, 5,
                        new SupervisionPolicy.Health(Duration.ofSeconds(10), Duration.ofSeconds(2), healthFailures),
                        SupervisionPolicy.Logs.DEFAULT));
    }

    @Test
    void theFingerprintIsTheTextEarlierVersionsRecordedSoAServiceTheyStartedIsNotToldToRestart() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ZED", "1");
        env.put("APP_ENV", "local");
        env.put("MIDDLE", "x");
        ServiceDefinition d = everything(env, 3);
        // What earlier versions wrote to started-with: the records' generated text, env in key order.
        String recorded = d.toString().replace("env=" + d.env(), "env=" + new java.util.TreeMap<>(d.env()));
        assertEquals(recorded, RunRecords.fingerprint(d));

        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("MIDDLE", "x");
        reordered.put("APP_ENV", "local");
        reordered.put("ZED", "1");
        assertEquals(RunRecords.fingerprint(d), RunRecords.fingerprint(everything(reordered, 3)));
        assertNotEquals(RunRecords.fingerprint(d), RunRecords.fingerprint(everything(env, 4)),
                "a change deep in the supervision policy must show");
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
