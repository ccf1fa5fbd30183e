package dev.stackyard.app;

import dev.stackyard.config.AppDirs;
import dev.stackyard.testing.AsRoot;
import dev.stackyard.usecase.AppVersions;
import dev.stackyard.usecase.StackyardSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The attack from issue 23 §4: another account writes a config naming a {@code process} service
 * into a Stackyard home it can write; root starts it. Before the fix the command ran as root.
 */
class UntrustedHomeTest {
    private static final int STRANGER = 64_996;

    @TempDir
    Path tmp;

    @Test
    void rootRunsNoServiceFromAConfigAnotherAccountCouldWrite() throws IOException {
        AsRoot.require("a home owned by another account");
        Path home = Files.createDirectory(tmp.resolve("home"));
        Path marker = tmp.resolve("ran-as-root");
        Files.writeString(home.resolve(AppDirs.CONFIG_FILE_NAME), """
                services:
                  - id: evil
                    kind: process
                    command: ["/usr/bin/touch", "%s"]
                """.formatted(marker));
        Files.setAttribute(home, "unix:uid", STRANGER);
        Files.setAttribute(home.resolve(AppDirs.CONFIG_FILE_NAME), "unix:uid", STRANGER);
        AppDirs dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));

        try (StackyardSession session = new StackyardSession(dirs)) {
            session.reload();
            session.start(List.of("evil"));
            session.stopAll();
            fail("a session opened on a home another account owns");
        } catch (IOException e) {
            assertTrue(e.getMessage().contains("chown root:root " + home), e.getMessage());
        } catch (dev.stackyard.config.ConfigException e) {
            fail(e);
        }
        assertFalse(Files.exists(marker), "the config's command ran as root");
    }

    /** Installs read mavenRepository: from the config without a session: as root, not from a config others can write. */
    @Test
    void rootTakesNoMavenRepositoryFromAConfigAnotherAccountCouldWrite() throws IOException {
        AsRoot.require("a config owned by another account");
        Path home = Files.createDirectory(tmp.resolve("home"));
        Path config = Files.writeString(home.resolve(AppDirs.CONFIG_FILE_NAME), "mavenRepository: https://evil.example.invalid/m2\n");
        Files.setAttribute(config, "unix:uid", STRANGER);
        AppDirs dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));

        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AppVersions.repository(dirs).close());
        assertTrue(e.getMessage().contains(config + " owned by uid " + STRANGER), e.getMessage());
    }
}
