package dev.stackyard.usecase;

import dev.stackyard.core.service.kind.WebKindsTestSupport;
import dev.stackyard.core.site.SiteException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20 §3: a site's own nginx lines ({@code nginx: FILE}), applied by the real nginx and checked like every change. */
class SiteSnippetTest {
    @TempDir
    Path home;
    private SiteYard yard;
    private Path snippet;

    @BeforeEach
    void linkWithOwnLines() throws Exception {
        yard = new SiteYard(home);
        yard.project("app", "index.php", "<?php echo 'app';\n");
        snippet = home.resolve("app.nginx"); // relative to the config file
        Files.writeString(snippet, "add_header X-Stackyard-Test \"own lines\" always;\n");
        Files.writeString(home.resolve("stackyard.yaml"), Files.readString(home.resolve("stackyard.yaml")) + """

                sites:
                  - name: app
                    dir: code/app
                    nginx: app.nginx
                """);
        yard.registry.start("web");
        yard.sites.reload();
    }

    @AfterEach
    void tearDown() {
        yard.close();
    }

    private WebKindsTestSupport.HttpResponse app() throws Exception {
        return WebKindsTestSupport.get(yard.port, "app.localhost:" + yard.port, "/");
    }

    @Test
    void theSitesOwnLinesAreInItsServerBlock() throws Exception {
        WebKindsTestSupport.HttpResponse r = app();
        assertEquals(200, r.status(), r.toString());
        assertEquals("app", r.body());
        assertTrue(r.headers().contains("X-Stackyard-Test: own lines"), r.headers());
        assertEquals(snippet, yard.sites.find("app").orElseThrow().nginx());
    }

    @Test
    void aSnippetNginxRejectsNamesTheSiteAndTheFileLineAndTheOldConfigKeepsServing() throws Exception {
        String live = Files.readString(home.resolve("run/web/sites.conf"));
        Files.writeString(snippet, "add_header X-Stackyard-Test \"own lines\" always;\nno_such_directive on;\n");

        SiteException refused = assertThrows(SiteException.class, () -> yard.sites.reload());

        assertTrue(refused.getMessage().contains("because of site app (its nginx lines, " + snippet + ":2)"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("no_such_directive"), refused.getMessage());
        assertEquals(live, Files.readString(home.resolve("run/web/sites.conf")), "the live file stays");
        WebKindsTestSupport.HttpResponse r = app();
        assertEquals("app", r.body());
        assertTrue(r.headers().contains("X-Stackyard-Test: own lines"), "the old config still serves: " + r.headers());
    }

    @Test
    void linesThatAnotherAccountCouldChangeAreRefusedAndTheSiteIsNotServed() throws Exception {
        Files.setPosixFilePermissions(snippet, PosixFilePermissions.fromString("rw-rw-rw-"));
        yard.sites.reload();
        String broken = yard.sites.find("app").orElseThrow().broken();
        assertTrue(broken != null && broken.contains(snippet.toString()) && broken.contains("writable by every account"),
                String.valueOf(broken));
        assertFalse(app().body().equals("app"), "served with lines every account may write");
    }

    @Test
    void aLinkInPlaceOfTheLinesIsRefused() throws Exception {
        Path real = home.resolve("real.nginx");
        Files.move(snippet, real);
        Files.createSymbolicLink(snippet, real);
        yard.sites.reload();
        String broken = yard.sites.find("app").orElseThrow().broken();
        assertTrue(broken != null && broken.contains(snippet + " are a link"), String.valueOf(broken));
        assertFalse(app().body().equals("app"), "served through a link Stackyard did not make");
    }
}
