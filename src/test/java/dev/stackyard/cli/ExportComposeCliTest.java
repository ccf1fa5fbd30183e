package dev.stackyard.cli;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.config.AppDirs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code stackyard export compose} in-process: what it writes, says and refuses; exit codes. */
class ExportComposeCliTest {
    @TempDir
    Path home;

    record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StackyardContext context = new StackyardContext(new AppDirs(home.resolve("stackyard.yaml"),
                home.resolve("data"), home.resolve("run"), home.resolve("logs")))) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
            return new Run(code, out.toString(), err.toString());
        }
    }

    @BeforeEach
    void config() throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: web
                    kind: nginx
                    port: 18080
                    php: php
                  - id: php
                    kind: php-fpm
                  - id: pg-main
                    kind: postgres
                    port: 15432
                    version: "15"
                  - id: queue
                    kind: process
                    command: ["php", "artisan", "queue:work"]
                """);
    }

    @Test
    void writesTheFileAndTheEnvAndSaysWhatItLeftOut() throws Exception {
        Path file = home.resolve("team/compose.yaml");
        Run run = cli("export", "compose", "-o", file.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("queue (process) is not exported: it runs a command of yours on this machine, and no official"
                + " image holds it; write a Dockerfile for it and add it to the file as a service\n", run.err());
        assertTrue(run.out().startsWith("wrote " + file + " (3 services: web, php, pg-main)\n"), run.out());
        assertTrue(run.out().contains("new passwords in " + home.resolve("team/.env") + ": PG_MAIN_PASSWORD"), run.out());
        assertTrue(Files.readString(file).contains("#   queue (process): it runs a command of yours"));
        assertTrue(Files.exists(home.resolve("team/web.nginx.conf")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("team/.env"))));

        byte[] first = Files.readAllBytes(file);
        Run again = cli("export", "compose", "-o", file.toString());
        assertEquals(0, again.code(), again.err());
        assertArrayEquals(first, Files.readAllBytes(file));
        assertTrue(again.out().contains("passwords: " + home.resolve("team/.env") + " (unchanged)"), again.out());
    }

    @Test
    void namedServicesAreExportedWithWhatTheyNeed() throws Exception {
        Path file = home.resolve("web-only.yaml");
        Run run = cli("export", "compose", "-o", file.toString(), "web");
        assertEquals(0, run.code(), run.err());
        assertEquals("also exported, as the services named need them: php\n", run.err());
        String text = Files.readString(file);
        assertTrue(text.contains("\n  web:\n") && text.contains("\n  php:\n"), text);
        assertFalse(text.contains("pg-main"), text);
    }

    @Test
    void anUnknownIdIsAUsageErrorAndWritesNothing() {
        Run run = cli("export", "compose", "-o", home.resolve("x.yaml").toString(), "nope");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("no service 'nope' in the config; known: web, php, pg-main, queue"), run.err());
        assertFalse(Files.exists(home.resolve("x.yaml")));
        assertFalse(Files.exists(home.resolve(".env")));
    }

    @Test
    void aFileOfTheUsersIsRefusedWithExitOne() throws Exception {
        Path file = Files.writeString(home.resolve("compose.yaml"), "services: {}\n");
        Run run = cli("export", "compose", "-o", file.toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("exists and was not written by stackyard export compose"), run.err());
        assertEquals("services: {}\n", Files.readString(file));
    }

    @Test
    void exportAloneShowsItsFormats() {
        Run run = cli("export");
        assertEquals(2, run.code());
        assertTrue(run.out().contains("compose"), run.out());
    }
}
