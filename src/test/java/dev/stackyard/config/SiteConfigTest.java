package dev.stackyard.config;

import dev.stackyard.core.site.LinkedSite;
import dev.stackyard.core.site.ParkedDir;
import dev.stackyard.core.site.SiteConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sites: list of stackyard.yaml: reading, validation, and line-preserving edits with a .bak. */
class SiteConfigTest {
    private static final String SERVICES = """
            # My stack
            services:
              - id: web
                kind: nginx
                port: 8080
                php: php
              - id: php
                kind: php-fpm
              - id: cache
                kind: redis
                port: 6379
            """;

    @TempDir
    Path tmp;
    private Path file;
    private ConfigStore store;

    @BeforeEach
    void setUp() {
        file = tmp.resolve("stackyard.yaml");
        store = new ConfigStore(file, tmp.resolve("data"), tmp.resolve("home"));
    }

    private Config load(String text) throws Exception {
        Files.writeString(file, text);
        return store.load();
    }

    private List<String> problems(String text) throws Exception {
        Files.writeString(file, text);
        ConfigException e = assertThrows(ConfigException.class, store::load);
        return e.problems().stream().map(p -> p.line() + ": " + p.path() + ": " + p.message()).toList();
    }

    @Test
    void linkedSitesAndParkedFoldersAreReadWithPathsExpanded() throws Exception {
        Config config = load(SERVICES + """
                sites:
                  - name: app
                    dir: ~/code/app
                    php: "8.2"
                    secure: true
                  - dir: code/My Blog
                  - park: ~/code/parked
                    web: web
                """);
        Path home = tmp.resolve("home");
        assertEquals(new SiteConfig(
                List.of(new LinkedSite("app", home.resolve("code/app"), "8.2", null, true),
                        new LinkedSite("my-blog", tmp.resolve("code/My Blog"), null, null, false)),
                List.of(new ParkedDir(home.resolve("code/parked"), null, "web"))), config.sites());
    }

    @Test
    void aSitesNginxLinesAreAPathRelativeToTheConfigFileAndKeptByEdits() throws Exception {
        Config config = load(SERVICES + """
                sites:
                  - name: app
                    dir: /srv/app
                    nginx: nginx/app.conf
                """);
        assertEquals(tmp.resolve("nginx/app.conf"), config.sites().link("app").orElseThrow().nginx());
        store.replaceSite(config.sites().link("app").orElseThrow().withSecure(true));
        assertEquals(tmp.resolve("nginx/app.conf"), store.load().sites().link("app").orElseThrow().nginx(),
                "site secure keeps the nginx key");
    }

    @Test
    void nginxLinesOnAParkedFolderOrAnEmptyPathAreReportedWithTheirLines() throws Exception {
        List<String> problems = problems(SERVICES + """
                sites:
                  - park: /srv/p
                    nginx: p.conf
                  - name: a
                    dir: /srv/a
                    nginx: ""
                """);
        assertEquals(List.of(
                "13: sites[0]: a parked folder (park) takes no name, dir, secure or nginx; link a single site with name and dir",
                "17: sites[1].nginx: is empty"), problems);
    }

    @Test
    void aFileWithoutSitesHasNone() throws Exception {
        assertEquals(SiteConfig.EMPTY, load(SERVICES).sites());
    }

    @Test
    void badEntriesAreReportedWithTheirLines() throws Exception {
        List<String> problems = problems(SERVICES + """
                sites:
                  - name: App_1
                    dir: /srv/a
                  - name: b
                    dir: /srv/b
                  - name: b
                    dir: /srv/c
                  - name: d
                    dir: /srv/d
                    web: cache
                  - name: e
                    dir: /srv/e
                    php: latest
                  - park: /srv/p
                    name: p
                  - name: f
                """);
        assertEquals(List.of(
                "13: sites[0].name: 'App_1' is not a valid site name: use lowercase letters, digits and inner dashes, "
                        + "at most 63 characters (it becomes NAME.localhost)",
                "17: sites[2].name: 'b' is already the name of sites[1] (line 15)",
                "21: sites[3].web: 'cache' is a redis service; web must name an nginx service",
                "24: sites[4].php: 'latest' is not a PHP version like \"8.2\"",
                "25: sites[5]: a parked folder (park) takes no name, dir, secure or nginx; link a single site with name and dir",
                "27: sites[6]: missing dir (the project folder) or park (a folder of projects)"), problems);
    }

    @Test
    void unknownKeysInASiteAreReported() throws Exception {
        List<String> problems = problems(SERVICES + """
                sites:
                  - name: a
                    dir: /srv/a
                    port: 9000
                """);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.getFirst().startsWith("15: sites[0].port: unknown key 'port'"), problems.toString());
    }

    @Test
    void addingASiteAppendsItsLinesCreatingTheListAndKeepingABackup() throws Exception {
        load(SERVICES);
        Config config = store.addSite(new LinkedSite("app", Path.of("/srv/app"), "8.2", null, false));
        assertEquals(SERVICES + """
                sites:
                  - name: app
                    dir: /srv/app
                    php: "8.2"
                """, Files.readString(file));
        assertEquals(SERVICES, Files.readString(store.backupFile()));
        assertEquals(List.of(new LinkedSite("app", Path.of("/srv/app"), "8.2", null, false)), config.sites().links());

        store.addPark(new ParkedDir(Path.of("/srv/parked"), null, null));
        assertTrue(Files.readString(file).endsWith("""
                    php: "8.2"
                  - park: /srv/parked
                """), Files.readString(file));
    }

    @Test
    void securingRewritesOnlyThatEntryAndKeepsTheCommentAboveIt() throws Exception {
        String text = SERVICES + """
                sites:
                  # the shop
                  - name: shop
                    dir: /srv/shop

                  # the blog
                  - name: blog
                    dir: /srv/blog
                # end
                """;
        load(text);
        store.replaceSite(new LinkedSite("shop", Path.of("/srv/shop"), null, null, true));
        assertEquals(text.replace("    dir: /srv/shop\n", "    dir: /srv/shop\n    secure: true\n"), Files.readString(file));
    }

    @Test
    void unlinkingRemovesTheEntryAndAnUnknownNameLeavesTheFileAlone() throws Exception {
        String text = SERVICES + """
                sites:
                  - name: shop
                    dir: /srv/shop
                  - name: blog
                    dir: /srv/blog
                """;
        load(text);
        ConfigException e = assertThrows(ConfigException.class, () -> store.removeSite("nope"));
        assertTrue(e.getMessage().contains("no linked site is named 'nope'"), e.getMessage());
        assertEquals(text, Files.readString(file));

        Config config = store.removeSite("shop");
        assertEquals(text.replace("  - name: shop\n    dir: /srv/shop\n", ""), Files.readString(file));
        assertEquals(List.of("blog"), config.sites().links().stream().map(LinkedSite::name).toList());
    }

    @Test
    void removingTheNginxServiceASiteUsesIsRefused() throws Exception {
        load(SERVICES + """
                sites:
                  - name: shop
                    dir: /srv/shop
                    web: web
                """);
        assertThrows(ConfigException.class, () -> store.removeService("web"));
    }
}
