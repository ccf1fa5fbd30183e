package dev.stackyard.cli;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.config.AppDirs;
import dev.stackyard.usecase.DesktopFileValidate;
import dev.stackyard.usecase.StartAtLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code stackyard autostart on|off|status} in-process, on an autostart folder of the test's own. */
class AutostartCliTest {
    @TempDir
    Path home;
    @TempDir
    Path xdgConfig;

    record Run(int code, String out, String err) {
    }

    private Run autostart(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "autostart";
        System.arraycopy(args, 0, full, 1, args.length);
        AppDirs dirs = AppDirs.resolve(java.util.Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        StartAtLogin login = new StartAtLogin(xdgConfig.resolve("autostart"), Optional.of(Path.of("/usr/bin/stackyard")),
                Optional.empty());
        try (StackyardContext context = new StackyardContext(dirs, login)) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), full);
            return new Run(code, out.toString(), err.toString());
        }
    }

    @Test
    void onWritesAValidEntryStatusSaysOnAndOffRemovesIt() throws Exception {
        Path entry = xdgConfig.resolve("autostart/stackyard.desktop");
        Run off = autostart("status");
        assertEquals(0, off.code(), off.err());
        assertEquals("off: Stackyard does not start at login (no " + entry + ")\n", off.out());

        Run on = autostart("on");
        assertEquals(0, on.code(), on.err());
        assertEquals("on: Stackyard starts at login, hidden in the tray (" + entry + ")\n", on.out());
        assertEquals("", DesktopFileValidate.problems(entry));
        assertTrue(Files.readString(entry).contains("\nExec=/usr/bin/stackyard --hidden\nTryExec=/usr/bin/stackyard\n"));
        assertTrue(autostart("status").out().startsWith("on: "));

        Run removed = autostart("off");
        assertEquals(0, removed.code(), removed.err());
        assertTrue(removed.out().startsWith("off: "), removed.out());
        assertFalse(Files.exists(entry));
    }

    @Test
    void aForeignEntryFailsWithOneLineNamingItAndStaysAsItWas() throws Exception {
        Path entry = Files.createDirectories(xdgConfig.resolve("autostart")).resolve("stackyard.desktop");
        Files.writeString(entry, "[Desktop Entry]\nType=Application\nName=Mine\nExec=true\n");
        Run on = autostart("on");
        assertEquals(1, on.code());
        assertEquals("stackyard: " + entry + " was not written by Stackyard (it has no X-Stackyard-Autostart=true); it is left"
                + " as it is, not written (remove it yourself, then turn this on again)\n", on.err());
        assertTrue(autostart("status").out().startsWith("not Stackyard's: " + entry));
        assertEquals(1, autostart("off").code());
        assertEquals("[Desktop Entry]\nType=Application\nName=Mine\nExec=true\n", Files.readString(entry));
    }

    @Test
    void anUnknownActionIsAUsageError() {
        Run bad = autostart("maybe");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("maybe"), bad.err());
        assertTrue(bad.err().contains("on, off, status"), bad.err());
    }
}
