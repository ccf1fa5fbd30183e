package dev.stackyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.app.StackyardContext;
import dev.stackyard.config.AppDirs;
import dev.stackyard.testing.TestPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stackyard site ...} in-process, with nginx stopped: the file edits, the listing, exit
 * codes. (Serving is covered against the running daemons by {@code SitesTest}.)
 */
class SiteCliTest {
    @TempDir
    Path home;
    /** Projects live outside the home, which is the config folder and so 0700. */
    @TempDir
    Path projects;

    record Run(int code, String out, String err) {
    }

    private Run site(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 1];
        full[0] = "site";
        System.arraycopy(args, 0, full, 1, args.length);
        try (StackyardContext context = new StackyardContext(new AppDirs(home.resolve("stackyard.yaml"),
                home.resolve("data"), home.resolve("run"), home.resolve("logs")))) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), full);
            return new Run(code, out.toString(), err.toString());
        }
    }

    private void config() throws Exception {
        int port = TestPorts.free();
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: web
                    kind: nginx
                    port: %d
                    php: php
                  - id: php
                    kind: php-fpm
                """.formatted(port));
    }

    @Test
    void linkListSecureAndUnlink() throws Exception {
        config();
        // As root the web account must pass through to the project, as it would to a real /srv or /home.
        Path app = Files.createDirectories(dev.stackyard.testing.Passable.upTo(projects).resolve("code/My App/public"));

        Run link = site("link", app.getParent().toString());
        assertEquals(0, link.code(), link.err());
        assertTrue(link.out().startsWith("linked my-app: http://my-app.localhost:"), link.out());
        assertTrue(link.out().contains("web is not running"), link.out());
        assertTrue(Files.readString(home.resolve("stackyard.yaml")).contains("  - name: my-app\n"));
        assertTrue(Files.exists(home.resolve("stackyard.yaml.bak")));

        Run secure = site("secure", "my-app");
        assertEquals(0, secure.code(), secure.err());

        Run list = site("list", "--json");
        assertEquals(0, list.code(), list.err());
        JsonNode sites = new ObjectMapper().readTree(list.out());
        assertEquals(1, sites.size());
        JsonNode s = sites.get(0);
        assertEquals("my-app", s.get("name").asText());
        assertEquals(app.getParent().toString(), s.get("dir").asText());
        assertEquals(app.toString(), s.get("root").asText());
        assertTrue(s.get("php").isNull());
        assertEquals("php", s.get("phpService").asText());
        assertTrue(s.get("secure").asBoolean());
        assertTrue(s.get("httpsUrl").asText().startsWith("https://my-app.localhost:"));
        assertTrue(s.get("broken").isNull(), s.toString());

        Run unlink = site("unlink", "my-app");
        assertEquals(0, unlink.code(), unlink.err());
        assertFalse(Files.readString(home.resolve("stackyard.yaml")).contains("my-app"));
        assertTrue(Files.exists(app), "the folder is never touched");
    }

    @Test
    void badInputFailsWithOneLineAndTheFileUntouched() throws Exception {
        config();
        String before = Files.readString(home.resolve("stackyard.yaml"));
        Run missing = site("link", home.resolve("nope").toString());
        assertEquals(StackyardCli.FAILED, missing.code());
        assertTrue(missing.err().contains("is not a folder"), missing.err());
        Files.createDirectories(home.resolve("x"));
        Run badName = site("link", home.resolve("x").toString(), "--name", "Bad_Name");
        assertEquals(StackyardCli.FAILED, badName.code());
        assertTrue(badName.err().contains("is not a valid site name"), badName.err());
        Run unknown = site("unlink", "ghost");
        assertEquals(StackyardCli.FAILED, unknown.code());
        assertEquals(before, Files.readString(home.resolve("stackyard.yaml")));
    }

    @Test
    void trustWithoutConsentOnlyPrintsCommands() throws Exception {
        config();
        Run trust = site("trust");
        assertEquals(0, trust.code(), trust.err());
        assertTrue(trust.out().contains("certutil -d sql:"), trust.out());
        assertTrue(trust.out().contains("stackyard site trust --yes"), trust.out());
        assertTrue(Files.exists(home.resolve("data/sites/tls/ca.crt")));
    }
}
