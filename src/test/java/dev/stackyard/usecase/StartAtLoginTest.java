package dev.stackyard.usecase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stackyard's autostart entry on a real folder: written valid for desktop-file-validate, read back,
 * removed; a file of that name that is not Stackyard's, or a link, is never written or removed.
 * The repository's own desktop entry (packaging/deb) is validated here too.
 */
class StartAtLoginTest {
    @TempDir
    Path config;
    @TempDir
    Path bin;

    private Path launcher() throws IOException {
        Path program = bin.resolve("stackyard");
        Files.writeString(program, "#!/bin/sh\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return program;
    }

    private StartAtLogin login(Optional<Path> home) throws IOException {
        return new StartAtLogin(config.resolve("autostart"), Optional.of(launcher()), home);
    }

    @Test
    void onWritesAValidEntryStartingTheLauncherHiddenAndOffRemovesIt() throws Exception {
        StartAtLogin login = login(Optional.empty());
        assertEquals(StartAtLogin.State.OFF, login.status().state());

        assertTrue(login.enable().on());
        Path entry = config.resolve("autostart/stackyard.desktop");
        assertEquals("", DesktopFileValidate.problems(entry));
        String text = Files.readString(entry);
        assertTrue(text.contains("\nExec=" + bin.resolve("stackyard") + " --hidden\n"), text);
        assertTrue(text.contains("\nTryExec=" + bin.resolve("stackyard") + "\n"), text);
        assertTrue(text.contains("\nX-Stackyard-Autostart=true\n"), text);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(entry.getParent())),
                "a folder it makes is owner-only (XDG)");
        assertEquals(List.of("stackyard.desktop"), listing(), "no temporary file left beside it");

        assertFalse(login.disable().on());
        assertFalse(Files.exists(entry));
        assertEquals(StartAtLogin.State.OFF, login.disable().state(), "off twice is no error");
    }

    @Test
    void aStackyardHomeGoesWithTheLoginStartAndAPathWithSpacesIsQuoted() throws Exception {
        Path home = config.resolve("my yard");
        StartAtLogin login = login(Optional.of(home));
        login.enable();
        Path entry = login.entry();
        assertEquals("", DesktopFileValidate.problems(entry));
        assertTrue(Files.readString(entry).contains("\nExec=env \"STACKYARD_HOME=" + home + "\" " + bin.resolve("stackyard")
                + " --hidden\n"), Files.readString(entry));
    }

    @Test
    void anEntryTheDesktopTurnedOffReadsAsDisabledAndOnTurnsItOnAgain() throws Exception {
        StartAtLogin login = login(Optional.empty());
        login.enable();
        Files.writeString(login.entry(), Files.readString(login.entry()) + "Hidden=true\n");
        assertEquals(StartAtLogin.State.DISABLED, login.status().state());
        assertTrue(login.enable().on());
        assertFalse(Files.readString(login.entry()).contains("Hidden"));
    }

    @Test
    void aForeignEntryIsNeitherOverwrittenNorRemoved() throws Exception {
        StartAtLogin login = login(Optional.empty());
        Files.createDirectories(login.entry().getParent());
        String mine = "[Desktop Entry]\nType=Application\nName=My Stackyard\nExec=/opt/other/stackyard\n";
        Files.writeString(login.entry(), mine);
        assertEquals(StartAtLogin.State.FOREIGN, login.status().state());

        IOException on = assertThrows(IOException.class, login::enable);
        assertTrue(on.getMessage().contains(login.entry() + " was not written by Stackyard"), on.getMessage());
        IOException off = assertThrows(IOException.class, login::disable);
        assertTrue(off.getMessage().contains("not removed"), off.getMessage());
        assertEquals(mine, Files.readString(login.entry()));
    }

    @Test
    void aLinkInTheEntrysPlaceIsNeverWrittenThrough() throws Exception {
        StartAtLogin login = login(Optional.empty());
        Files.createDirectories(login.entry().getParent());
        Path target = config.resolve("elsewhere.desktop");
        Files.writeString(target, "precious\n");
        Files.createSymbolicLink(login.entry(), target);

        assertEquals(StartAtLogin.State.FOREIGN, login.status().state());
        IOException e = assertThrows(IOException.class, login::enable);
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertThrows(IOException.class, login::disable);
        assertEquals("precious\n", Files.readString(target));
        assertTrue(Files.isSymbolicLink(login.entry()));
    }

    @Test
    void withNoKnownLauncherOnSaysSoAndWritesNothing() {
        StartAtLogin login = new StartAtLogin(config.resolve("autostart"), Optional.empty(), Optional.empty());
        IOException e = assertThrows(IOException.class, login::enable);
        assertTrue(e.getMessage().startsWith("cannot tell which program starts Stackyard"), e.getMessage());
        assertFalse(Files.exists(login.entry()));
    }

    @Test
    void execWordsWithReservedCharactersAreQuotedAsTheSpecAsks() {
        assertEquals("/usr/bin/stackyard", LoginEntry.execWord("/usr/bin/stackyard"));
        assertEquals("\"/home/a b/stackyard\"", LoginEntry.execWord("/home/a b/stackyard"));
        assertEquals("\"/x/\\$HOME/\\`y\\`/\\\"q\\\"/\\\\\"", LoginEntry.execWord("/x/$HOME/`y`/\"q\"/\\"));
        assertEquals("/x/100%%", LoginEntry.execWord("/x/100%"));
        assertThrows(IllegalArgumentException.class, () -> LoginEntry.render(List.of("/a\nb"), "/a\nb"));
    }

    @Test
    void renderedEntryWithEveryKindOfCharacterInItsPathsIsValid() throws Exception {
        String odd = "/tmp/a b/$c/`d`/\"e\"/f\\g/100%/stackyard";
        Path file = config.resolve("odd.desktop");
        Files.writeString(file, LoginEntry.render(List.of(odd, "--hidden"), odd));
        assertEquals("", DesktopFileValidate.problems(file));
        assertEquals(new LoginEntry.Read(true, true), LoginEntry.read(Files.readString(file)));
    }

    @Test
    void theRepositorysDesktopEntryIsValidWithItsActions() throws Exception {
        Path entry = Path.of("packaging/deb/stackyard.desktop");
        assertEquals("", DesktopFileValidate.problems(entry));
        String text = Files.readString(entry);
        assertTrue(text.contains("\nActions=start-all;stop-all;open;\n"), text);
        assertTrue(text.contains("[Desktop Action start-all]\nName=Start all\nExec=stackyard start --all\n"), text);
        assertTrue(text.contains("[Desktop Action stop-all]\nName=Stop all\nExec=stackyard stop --all\n"), text);
        assertTrue(text.contains("[Desktop Action open]\nName=Open Stackyard\nExec=stackyard\n"), text);
    }

    private List<String> listing() throws IOException {
        try (var files = Files.list(config.resolve("autostart"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
