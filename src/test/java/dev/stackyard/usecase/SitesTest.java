package dev.stackyard.usecase;

import dev.stackyard.core.site.NginxReloader;
import dev.stackyard.core.site.Site;
import dev.stackyard.core.site.SiteException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sites served by the real nginx and php-fpm, changed with checked graceful reloads. */
class SitesTest {
    @TempDir
    Path home;
    private SiteYard yard;

    @BeforeEach
    void setUp() throws Exception {
        yard = new SiteYard(home);
    }

    @AfterEach
    void tearDown() {
        yard.close();
    }

    @Test
    void twoLinkedFoldersAreEachServedByTheirHostNameWithTheirOwnPhp() throws Exception {
        yard.registry.start("web");
        Path alpha = yard.project("alpha", "index.php", "<?php echo 'alpha ' . (6 * 7);\n");
        Path beta = yard.project("Beta App", "public/index.php", "<?php echo 'beta ' . $_SERVER['HTTP_HOST'];\n");
        Files.writeString(beta.resolve("index.php"), "<?php echo 'not the web root';\n");

        SiteService.Result first = yard.sites.link(alpha, null, null, null);
        assertEquals(Map.of("web", NginxReloader.Outcome.RELOADED), first.applied());
        yard.sites.link(beta, null, null, null);

        assertEquals(new SiteYard.Answer(200, "alpha 42"), yard.get("alpha.localhost", "/"));
        assertEquals(new SiteYard.Answer(200, "beta beta-app.localhost:" + yard.port),
                yard.get("beta-app.localhost", "/some/route?x=1"), "front controller in public/");
        assertTrue(yard.get("localhost", "/").body().contains("Stackyard: web is running"), "the default server stays");
        Site betaSite = yard.sites.find("beta-app").orElseThrow();
        assertEquals(beta.resolve("public"), betaSite.root());
        assertEquals("http://beta-app.localhost:" + yard.port + "/", betaSite.url());
    }

    @Test
    void aSiteLinkedWhileNginxIsStoppedIsServedWhenItStarts() throws Exception {
        Path app = yard.project("app", "public/index.php", "<?php echo 'app';\n");
        assertEquals(Map.of("web", NginxReloader.Outcome.WRITTEN), yard.sites.link(app, null, null, null).applied());
        yard.registry.start("web");
        assertEquals(new SiteYard.Answer(200, "app"), yard.get("app.localhost", "/"));
    }

    @Test
    void aParkedFolderServesASubFolderAddedLaterAfterTheNextReload() throws Exception {
        yard.registry.start("web");
        yard.project("parked/one", "index.php", "<?php echo 'one';\n");
        Path parked = home.resolve("code/parked");
        yard.sites.park(parked, null, null);
        assertEquals(new SiteYard.Answer(200, "one"), yard.get("one.localhost", "/"));

        yard.project("parked/two", "index.php", "<?php echo 'two';\n");
        assertNotEquals("two", yard.get("two.localhost", "/").body(), "not before a reload");
        assertEquals(Map.of("web", NginxReloader.Outcome.RELOADED), yard.sites.reload().applied());
        assertEquals(new SiteYard.Answer(200, "two"), yard.get("two.localhost", "/"));
        assertEquals(home.resolve("code/parked").toAbsolutePath(), yard.sites.find("two").orElseThrow().parkedIn());
    }

    @Test
    void aSecureSiteServesTlsWithACertificateThatVerifiesAgainstTheLocalCa() throws Exception {
        yard.registry.start("web");
        Path app = yard.project("shop", "public/index.php", "<?php echo 'secure ' . ($_SERVER['HTTPS'] ?? 'off');\n");
        yard.sites.link(app, null, null, null);
        SiteService.Result secured = yard.sites.secure("shop", true);
        assertEquals(Map.of("web", NginxReloader.Outcome.RELOADED), secured.applied());

        Site shop = yard.sites.find("shop").orElseThrow();
        assertTrue(shop.secure());
        Path ca = yard.sites.caCertificate();
        String url = "https://shop.localhost:" + shop.tlsPort() + "/";
        assertEquals(url, shop.preferredUrl());
        Process curl = new ProcessBuilder("curl", "-sS", "--fail", "--cacert", ca.toString(),
                "--resolve", "shop.localhost:" + shop.tlsPort() + ":127.0.0.1", url).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes());
        assertEquals(0, curl.waitFor(), out);
        assertEquals("secure on", out);

        Path tls = home.resolve("data/sites/tls");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("ca.key"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve("shop.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls)));
        assertTrue(Files.readString(home.resolve("stackyard.yaml")).contains("secure: true"));
    }

    @Test
    void aConfigNginxRejectsIsNotAppliedNamesTheSiteAndTheRunningSitesKeepServing() throws Exception {
        yard.registry.start("web");
        yard.sites.link(yard.project("good", "index.php", "<?php echo 'good';\n"), null, null, null);
        yard.sites.link(yard.project("other", "index.php", "<?php echo 'other';\n"), null, null, null);
        yard.sites.secure("good", true);
        yard.sites.secure("other", true);
        // A key that does not belong to the certificate: openssl sees a valid certificate, nginx -t refuses it.
        Path tls = home.resolve("data/sites/tls");
        Files.copy(tls.resolve("other.key"), tls.resolve("good.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String live = Files.readString(home.resolve("run/web/sites.conf"));
        String yaml = Files.readString(home.resolve("stackyard.yaml"));

        SiteException refused = assertThrows(SiteException.class,
                () -> yard.sites.link(yard.project("third", "index.php", "<?php echo 'third';\n"), null, null, null));

        assertTrue(refused.getMessage().contains("because of site good"), refused.getMessage());
        assertEquals(live, Files.readString(home.resolve("run/web/sites.conf")), "the live file stays");
        assertEquals(yaml, Files.readString(home.resolve("stackyard.yaml")), "a rejected change is not written");
        assertEquals(new SiteYard.Answer(200, "good"), yard.get("good.localhost", "/"));
        assertNotEquals("third", yard.get("third.localhost", "/").body());
    }

    @Test
    void requestsDuringTwentyLinksAndUnlinksAllSucceed() throws Exception {
        yard.registry.start("web");
        yard.sites.link(yard.project("steady", "index.php", "<?php echo 'steady';\n"), null, null, null);
        List<Path> projects = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            projects.add(yard.project("p" + i, "index.php", "<?php echo 'p" + i + "';\n"));
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger requests = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread loop = Thread.ofPlatform().name("request-loop").start(() -> {
            while (!done.get()) { // bounded: ends when the links and unlinks below are done
                try {
                    SiteYard.Answer a = yard.get("steady.localhost", "/");
                    if (a.status() != 200 || !a.body().equals("steady")) {
                        failures.add(a.toString());
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                }
                requests.incrementAndGet();
            }
        });
        try {
            for (int i = 0; i < projects.size(); i++) {
                yard.sites.link(projects.get(i), null, null, null);
                assertEquals("p" + i, yard.get("p" + i + ".localhost", "/").body());
            }
            for (int i = 0; i < projects.size(); i++) {
                yard.sites.unlink("p" + i);
            }
        } finally {
            done.set(true);
            loop.join();
        }
        assertEquals(List.of(), failures);
        assertTrue(requests.get() > 0);
        assertFalse(yard.sites.find("p0").isPresent());
    }

    @Test
    void aSiteOfAPhpVersionRunsOnThatVersionsPhpFpmWhichStartsWithNginx() throws Exception {
        yard.close();
        yard = new SiteYard(home.resolve("two-fpms"), """
                  - id: php82
                    kind: php-fpm
                    version: "8.2"
                """);
        Path app = yard.project("versioned", "index.php", "<?php echo 'on ' . PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;\n");
        yard.sites.link(app, null, "8.2", null);
        assertEquals("php82", yard.sites.find("versioned").orElseThrow().phpService());
        assertEquals(List.of("php", "php82"), yard.registry.dependencies("web"));

        yard.registry.start("web");
        assertEquals(dev.stackyard.core.service.ServiceState.RUNNING, yard.registry.snapshot("php82").orElseThrow().state());
        yard.registry.stop("php"); // the nginx service's own php-fpm is not the one this site uses
        assertEquals(new SiteYard.Answer(200, "on 8.2"), yard.get("versioned.localhost", "/"));
    }

    @Test
    void aSiteWhoseFolderDisappearedIsShownBrokenAndNotServed() throws Exception {
        yard.registry.start("web");
        Path gone = yard.project("gone", "index.php", "<?php echo 'gone';\n");
        yard.sites.link(gone, null, null, null);
        Files.delete(gone.resolve("index.php"));
        Files.delete(gone);

        yard.sites.reload();
        Site site = yard.sites.find("gone").orElseThrow();
        assertFalse(site.served());
        assertTrue(site.broken().contains("does not exist"), site.broken());
        assertFalse(Files.readString(home.resolve("run/web/sites.conf")).contains("gone.localhost"));
    }

    @Test
    void linkingAnUnknownPhpVersionOrATakenNameIsRefusedAndTheFileIsUntouched() throws Exception {
        Path app = yard.project("app", "index.php", "<?php echo 'app';\n");
        yard.sites.link(app, null, null, null);
        String before = Files.readString(home.resolve("stackyard.yaml"));
        assertThrows(SiteException.class, () -> yard.sites.link(app, "app", null, null));
        SiteException php = assertThrows(SiteException.class, () -> yard.sites.link(app, "app2", "5.6", null));
        assertTrue(php.getMessage().contains("PHP 5.6 (php-fpm) is not installed"), php.getMessage());
        assertThrows(SiteException.class, () -> yard.sites.link(app, "Not_A_Label", null, null));
        assertEquals(before, Files.readString(home.resolve("stackyard.yaml")));
    }
}
