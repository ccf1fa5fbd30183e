package dev.stackyard.usecase;

import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import dev.stackyard.testing.TestPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20 §3: while a window or {@code stackyard run} holds the session ({@link StackyardSession#watchConfig}),
 * a sub-folder made in a parked folder is served by the running nginx without any command, a
 * removed one stops being served, and every check a linked site gets still applies to it.
 */
class ParkedSitesTest {
    /** The target is a second; the deadline is generous for a loaded CI machine (polled, not slept). */
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final String SECRET = "-----BEGIN PRIVATE KEY----- parked-secret";

    @TempDir
    Path home;
    private int port;
    private StackyardSession session;
    private Path parked;

    @BeforeEach
    void parkAndWatch() throws Exception {
        Daemons.require(ServiceKind.named("nginx"));
        Daemons.require(ServiceKind.named("php-fpm"));
        dev.stackyard.testing.Passable.upTo(home);
        port = TestPorts.free();
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: web
                    kind: nginx
                    port: %d
                    php: php
                  - id: php
                    kind: php-fpm
                """.formatted(port));
        parked = Files.createDirectories(home.resolve("code"));
        project("first", "index.php", "<?php echo 'first';\n");
        session = new StackyardSession(AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString())));
        session.reload();
        session.sites().park(parked, null, null);
        assertTrue(session.start(List.of("web")).values().stream().allMatch(o -> o.ok()));
        session.watchConfig();
        assertEquals(new SiteYard.Answer(200, "first"), get("first", "/"));
    }

    @AfterEach
    void stop() {
        try {
            session.stopAll();
        } finally {
            session.close();
        }
    }

    @Test
    void aNewSubFolderIsServedWithoutACommandFromItsPublicFolderAndARemovedOneIsNotServedAnyMore() throws Exception {
        long made = System.nanoTime();
        Path fresh = project("fresh", "public/index.php", "<?php echo 'fresh from public';\n");
        Files.writeString(fresh.resolve("index.php"), "<?php echo 'not the web root';\n");
        SiteYard.Answer answer = await("fresh", "/", a -> a.body().equals("fresh from public"));
        System.out.printf("parked sub-folder served %d ms after it was made%n", (System.nanoTime() - made) / 1_000_000);
        assertEquals(new SiteYard.Answer(200, "fresh from public"), answer);

        delete(fresh);
        SiteYard.Answer gone = await("fresh", "/", a -> !a.body().contains("fresh"));
        assertFalse(gone.body().contains("fresh"), gone.toString());
        assertTrue(gone.body().contains("Stackyard: web is running") || gone.status() == 404,
                "answered by the default server once its block is gone: " + gone);
    }

    @Test
    void aLinkedSiteOfTheSameNameStillWinsOverANewSubFolder() throws Exception {
        Path elsewhere = Files.createDirectories(home.resolve("linked/shop"));
        Files.writeString(elsewhere.resolve("index.php"), "<?php echo 'linked shop';\n");
        session.sites().link(elsewhere, null, null, null);

        project("shop", "index.php", "<?php echo 'parked shop';\n");
        project("marker", "index.php", "<?php echo 'marker';\n"); // made after: once served, the shop was seen too
        await("marker", "/", a -> a.body().equals("marker"));
        assertEquals(new SiteYard.Answer(200, "linked shop"), get("shop", "/"));
    }

    @Test
    void aNewSubFolderKeepsEveryCheckOfALinkedSite() throws Exception {
        Path secret = Files.createDirectories(home.resolve("secrets")).resolve("ca.key");
        Files.writeString(secret, SECRET);
        // A web root that leads out of the project, and a folder every account may write.
        Path cloned = Files.createDirectories(parked.resolve("cloned"));
        Files.createSymbolicLink(cloned.resolve("public"), secret.getParent());
        Path open = project("open", "index.php", "<?php echo 'anyone could have written this';\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        project("dotted", ".env", "APP_KEY=secret\n");
        Files.writeString(parked.resolve("dotted/index.php"), "<?php echo 'dotted';\n");

        await("dotted", "/", a -> a.body().equals("dotted"));
        SiteYard.Answer key = get("cloned", "/ca.key");
        assertFalse(key.body().contains(SECRET), "served through a link out of the project: " + key);
        assertFalse(get("open", "/").body().contains("anyone could"), "served a folder every account may write");
        assertTrue(session.sites().find("open").orElseThrow().broken().contains("writable by every account"));
        SiteYard.Answer env = get("dotted", "/.env");
        assertEquals(403, env.status(), env.toString());
    }

    private Path project(String name, String file, String content) throws IOException {
        Path dir = parked.resolve(name);
        Files.createDirectories(dir.resolve(file).getParent());
        Files.writeString(dir.resolve(file), content);
        return dir;
    }

    private SiteYard.Answer get(String site, String path) throws IOException {
        return SiteYard.get(port, site + ".localhost:" + port, path);
    }

    /** Polls (with a short back-off) until the answer passes, or fails at the deadline with the last answer. */
    private SiteYard.Answer await(String site, String path, Predicate<SiteYard.Answer> wanted) throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        SiteYard.Answer last = get(site, path);
        while (!wanted.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(site + path + " not as wanted within " + DEADLINE.toSeconds() + " s: " + last);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            last = get(site, path);
        }
        return last;
    }

    private static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
