package dev.stackyard.core.site;

import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names, web roots, resolution of the sites config, and the lookups that name a site in nginx's errors. */
class SiteRulesTest {
    @TempDir
    Path tmp;

    /** As root the web account must pass through to the projects, as it would to a real /srv or /home. */
    @org.junit.jupiter.api.BeforeEach
    void passable() {
        dev.stackyard.testing.Passable.upTo(tmp);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            app,          true
            my-app-2,     true
            a,            true
            -app,         false
            app-,         false
            App,          false
            my_app,       false
            app.test,     false
            ''            , false
            """)
    void namesAreLowercaseDnsLabels(String name, boolean valid) {
        assertEquals(valid, SiteNames.valid(name == null ? "" : name));
    }

    @Test
    void aLabelIsAtMost63Characters() {
        assertTrue(SiteNames.valid("a".repeat(63)));
        assertFalse(SiteNames.valid("a".repeat(64)));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            My App_2,   my-app-2
            --x--,      x
            Blog.Test,  blog-test
            """)
    void folderNamesAreMadeDnsSafe(String folder, String name) {
        assertEquals(Optional.of(name), SiteNames.fromFolder(folder));
    }

    @Test
    void aFolderNameWithNothingUsableGivesNoName() {
        assertEquals(Optional.empty(), SiteNames.fromFolder("___"));
        assertEquals(63, SiteNames.fromFolder("x".repeat(80)).orElseThrow().length());
    }

    @Test
    void theWebRootIsPublicThenWebThenTheFolder() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertEquals(plain, WebRoots.detect(plain));
        Path web = Files.createDirectories(tmp.resolve("old/web"));
        assertEquals(web, WebRoots.detect(tmp.resolve("old")));
        Path laravel = Files.createDirectories(tmp.resolve("laravel/public"));
        Files.createDirectories(tmp.resolve("laravel/web"));
        assertEquals(laravel, WebRoots.detect(tmp.resolve("laravel")));
    }

    private static List<ServiceDefinition> services() {
        return List.of(
                ServiceDefinition.builder("web", ServiceKind.named("nginx")).port(8080).php("php").build(),
                ServiceDefinition.of("php", ServiceKind.named("php-fpm"), null),
                ServiceDefinition.builder("php74", ServiceKind.named("php-fpm")).version("7.4").build());
    }

    @Test
    void aLinkWinsOverAParkedSubFolderAndHiddenFoldersAreSkipped() throws Exception {
        Files.createDirectories(tmp.resolve("parked/shop"));
        Files.createDirectories(tmp.resolve("parked/blog"));
        Files.createDirectories(tmp.resolve("parked/.git"));
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        SiteResolver resolver = new SiteResolver(services(), Installations.load(tmp.resolve("bundles")));
        List<Site> sites = resolver.resolve(new SiteConfig(
                List.of(new LinkedSite("shop", mine, "7.4", null, true)),
                List.of(new ParkedDir(tmp.resolve("parked"), null, null))));

        assertEquals(List.of("shop", "blog"), sites.stream().map(Site::name).toList());
        Site shop = sites.getFirst();
        assertEquals(mine, shop.dir());
        assertEquals("php74", shop.phpService());
        assertEquals(8443, shop.tlsPort());
        assertEquals("https://shop.localhost:8443/", shop.preferredUrl());
        Site blog = sites.get(1);
        assertEquals("php", blog.phpService(), "no version: the nginx service's php-fpm");
        assertEquals(tmp.resolve("parked"), blog.parkedIn());
        assertNull(blog.broken());
    }

    @Test
    void missingFoldersAndUnknownPhpVersionsMakeBrokenSitesThatAreNotServed() throws Exception {
        Path ok = Files.createDirectories(tmp.resolve("ok"));
        SiteResolver resolver = new SiteResolver(services(), Installations.load(tmp.resolve("bundles")));
        SiteConfig config = new SiteConfig(List.of(
                new LinkedSite("gone", tmp.resolve("gone"), null, null, false),
                new LinkedSite("old", ok, "5.6", null, false),
                new LinkedSite("elsewhere", ok, null, "nope", false),
                new LinkedSite("ok", ok, null, null, false)), List.of());
        List<Site> sites = resolver.resolve(config);
        assertTrue(sites.get(0).broken().contains("does not exist"), sites.get(0).broken());
        assertTrue(sites.get(1).broken().contains("no php-fpm service runs PHP 5.6"), sites.get(1).broken());
        assertTrue(sites.get(2).broken().contains("'nope' is not a configured nginx service"), sites.get(2).broken());
        assertEquals(List.of("ok"), resolver.served(config, "web").stream().map(Site::name).toList());
    }

    @Test
    void aFolderPathNginxCannotQuoteIsBroken() throws Exception {
        Path odd = Files.createDirectories(tmp.resolve("price$"));
        assertTrue(SiteResolver.folderProblem(odd, odd).contains("nginx cannot serve the path"));
    }

    @Test
    void nginxErrorsAreTracedToTheSiteByLineOrByAQuotedPath() {
        String text = """
                server { }
                    # site alpha: /srv/alpha
                    server {
                        ssl_certificate "/data/tls/alpha.crt";
                    }
                    # end of site alpha
                    # site beta: /srv/beta
                    server {
                        root "/srv/beta";
                    }
                    # end of site beta
                """;
        assertEquals(Optional.empty(), SiteRenderer.siteAtLine(text, 1));
        assertEquals(Optional.of("alpha"), SiteRenderer.siteAtLine(text, 4));
        assertEquals(Optional.of("beta"), SiteRenderer.siteAtLine(text, 9));
        assertEquals(Optional.of("alpha"), SiteRenderer.siteMentioned(text,
                "SSL_CTX_use_PrivateKey(\"/data/tls/alpha.crt\") failed"));
        assertEquals(Optional.empty(), SiteRenderer.siteMentioned(text, "something \"/else\" failed"));
    }

    @Test
    void trustCommandsUseOnlyTheUsersNssDatabases() throws Exception {
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve(".mozilla/firefox/abc.default"));
        Files.writeString(home.resolve(".mozilla/firefox/abc.default/cert9.db"), "");
        Files.createDirectories(home.resolve(".mozilla/firefox/no-db"));
        Path ca = tmp.resolve("ca.crt");
        List<List<String>> commands = TrustCommands.commands(home, ca);
        assertEquals(List.of(
                List.of("mkdir", "-p", home.resolve(".pki/nssdb").toString()),
                List.of("certutil", "-d", "sql:" + home.resolve(".pki/nssdb"), "-N", "--empty-password"),
                List.of("certutil", "-d", "sql:" + home.resolve(".pki/nssdb"), "-A", "-t", "C,,", "-n", "Stackyard local CA", "-i", ca.toString()),
                List.of("certutil", "-d", "sql:" + home.resolve(".mozilla/firefox/abc.default"), "-A", "-t", "C,,", "-n",
                        "Stackyard local CA", "-i", ca.toString())), commands);
        assertEquals("certutil -n 'Stackyard local CA'", TrustCommands.shellLine(List.of("certutil", "-n", "Stackyard local CA")));
    }
}
