package dev.stackyard.usecase;

import dev.stackyard.testing.AsRoot;
import dev.stackyard.core.site.Site;
import dev.stackyard.testing.OtherAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23 §3: what a site must not serve, fetched over HTTP the way another local account (or any
 * page in the browser) would: a Stackyard secret through a web root that links out of the project or
 * through a link someone else put in it, and a project's dotfiles.
 */
class SiteAttackTest {
    private static final String SECRET = "-----BEGIN PRIVATE KEY----- stackyard-ca-secret";

    @TempDir
    Path home;
    private SiteYard yard;
    private Path secret;

    @BeforeEach
    void setUp() throws Exception {
        yard = new SiteYard(home);
        secret = Files.createDirectories(home.resolve("data/sites/tls")).resolve("ca.key");
        Files.writeString(secret, SECRET);
        yard.registry.start("web");
    }

    @AfterEach
    void tearDown() {
        yard.close();
    }

    @Test
    void aWebRootThatLinksOutOfTheProjectIsNotServed() throws Exception {
        Path project = Files.createDirectories(home.resolve("code/cloned"));
        Files.createSymbolicLink(project.resolve("public"), secret.getParent());
        try {
            yard.sites.link(project, null, null, null);
        } catch (RuntimeException refused) {
            // refusing the link outright is as good as not serving it
        }

        SiteYard.Answer answer = yard.get("cloned.localhost", "/ca.key");
        assertFalse(answer.body().contains(SECRET), "served the CA key: " + answer);
        yard.sites.find("cloned").ifPresent(site -> {
            assertFalse(site.served());
            assertTrue(site.broken().contains("outside the project folder"), site.broken());
        });
    }

    @Test
    void aLinkAnotherAccountPutInAServedFolderIsNotFollowed() throws Exception {
        AsRoot.require("a link owned by another account needs root to make");
        Path project = yard.project("shared", "public/index.html", "hello");
        Path link = project.resolve("public/key.txt");
        Files.createSymbolicLink(link, secret);
        Files.setAttribute(link, "unix:uid", OtherAccount.UID, LinkOption.NOFOLLOW_LINKS);
        yard.sites.link(project, null, null, null);

        assertEquals(new SiteYard.Answer(200, "hello"), yard.get("shared.localhost", "/index.html"));
        SiteYard.Answer answer = yard.get("shared.localhost", "/key.txt");
        assertFalse(answer.body().contains(SECRET), "followed another account's link: " + answer);
        // try_files treats the refused link as missing and falls through to the front controller: 404.
        assertTrue(answer.status() == 403 || answer.status() == 404, answer.toString());
    }

    @Test
    void dotfilesAndDotFoldersAreNotServedButWellKnownIs() throws Exception {
        Path project = yard.project("plain", ".env", "DB_PASSWORD=hunter2\n");
        Files.createDirectories(project.resolve(".git"));
        Files.writeString(project.resolve(".git/config"), "[remote \"origin\"]\n\turl = https://token@example.com/x.git\n");
        Files.writeString(project.resolve(".hidden.php"), "<?php echo 'ran hidden';\n");
        Files.createDirectories(project.resolve(".well-known"));
        Files.writeString(project.resolve(".well-known/security.txt"), "Contact: mailto:me@example.com\n");
        Files.writeString(project.resolve("index.php"), "<?php echo 'front';\n");
        yard.sites.link(project, null, null, null);
        Site site = yard.sites.find("plain").orElseThrow();
        assertEquals(project, site.root(), "no public/: the project folder itself is the web root");

        for (String path : new String[] {"/.env", "/.git/config", "/.git/", "/.hidden.php", "/sub/../.env"}) {
            SiteYard.Answer answer = yard.get("plain.localhost", path);
            assertEquals(403, answer.status(), path + " answered " + answer);
            assertFalse(answer.body().contains("hunter2") || answer.body().contains("token@") || answer.body().contains("ran hidden"),
                    path + " leaked " + answer);
        }
        assertEquals(new SiteYard.Answer(200, "Contact: mailto:me@example.com\n"),
                yard.get("plain.localhost", "/.well-known/security.txt"));
        assertEquals(new SiteYard.Answer(200, "front"), yard.get("plain.localhost", "/"));

        // The service's own server (DATA/www) too.
        Files.writeString(home.resolve("data/www/.env"), "APP_KEY=secret\n");
        assertEquals(403, yard.get("localhost", "/.env").status());
    }

    /**
     * Issue 23 §6: a script (a dependency gone bad, an include of user input) reads the environment
     * php-fpm gives it, and a client's {@code Proxy:} header must not become HTTP_PROXY (httpoxy).
     */
    @Test
    void aPhpScriptSeesNeitherStackyardsEnvironmentNorAProxyHeader() throws Exception {
        Path project = yard.project("envy", "index.php",
                "<?php foreach (getenv() as $k => $v) { echo $k, \"\\n\"; } echo 'HTTP_PROXY=', $_SERVER['HTTP_PROXY'] ?? '', \"\\n\";\n");
        yard.sites.link(project, null, null, null);

        String body;
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), yard.port)) {
            socket.getOutputStream().write(("GET / HTTP/1.0\r\nHost: envy.localhost\r\nProxy: http://attacker.example:8888\r\n"
                    + "Connection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            body = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(body.startsWith("HTTP/1.1 200"), body);
        body = body.substring(body.indexOf("\r\n\r\n") + 4);
        assertTrue(body.contains("HTTP_PROXY=\n"), "the Proxy header reached PHP: " + body);
        java.util.Set<String> leaked = new java.util.TreeSet<>(System.getenv().keySet());
        leaked.removeAll(java.util.Set.of("PATH", "HOME", "USER", "PWD"));
        leaked.retainAll(java.util.Set.copyOf(body.lines().toList()));
        assertTrue(!System.getenv().isEmpty() && leaked.isEmpty(), "Stackyard's environment reached PHP: " + leaked);
    }

    /**
     * Issue 23 §2: a project folder others may write (a shared /srv/www, a bind-mounted folder):
     * another account drops a .php there and requests it, to run code as whoever runs PHP.
     */
    @Test
    void aSiteFolderAnotherAccountCanWriteIsNotServedAndSaysWhy() throws Exception {
        Path project = yard.project("shared-www", "public/index.php", "<?php echo 'front';\n");
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(project.resolve("public"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            yard.sites.link(project, null, null, null);
        } catch (RuntimeException refused) {
            // refusing the link outright is as good as not serving it
        }

        Path dropped = project.resolve("public/pwn.php");
        dev.stackyard.core.process.OneShot.Result wrote = OtherAccount.run("sh", "-c",
                "printf '<?php echo \"pwned as \", getmyuid() === 0 ? \"\" : \"\", exec(\"id -u\");' > " + dropped);
        assertTrue(Files.exists(dropped), "the other account could not even write there: " + wrote.output());
        SiteYard.Answer answer = yard.get("shared-www.localhost", "/pwn.php");
        assertFalse(answer.body().contains("pwned"), "ran another account's code: " + answer);
        Site site = yard.sites.find("shared-www").orElseThrow();
        assertFalse(site.served());
        assertTrue(site.broken().contains("writable by every account") && site.broken().contains("chmod go-w"), site.broken());
    }

    /**
     * Issue 23 §2: as root, a project's PHP (and anything reaching nginx's workers) must not run as
     * root: it runs as the web account, and so do nginx's workers.
     */
    @Test
    void asRootASitesCodeAndNginxsWorkersRunAsTheWebAccountNotRoot() throws Exception {
        AsRoot.require("only root hands the workers to another account");
        Path project = yard.project("whoami", "public/index.php",
                "<?php echo 'uid=', function_exists('posix_geteuid') ? posix_geteuid() : trim(exec('id -u'));\n");
        yard.sites.link(project, null, null, null);

        int webAccount = dev.stackyard.core.service.ServiceAccount.lookup("www-data").orElseThrow().uid();
        assertEquals(new SiteYard.Answer(200, "uid=" + webAccount), yard.get("whoami.localhost", "/"));
        long master = yard.registry.snapshot("web").orElseThrow().pid();
        java.util.List<Long> workers = dev.stackyard.core.process.ProcFs.children(master);
        assertFalse(workers.isEmpty(), "nginx has workers");
        for (long worker : workers) {
            String uidLine = Files.readAllLines(Path.of("/proc/" + worker + "/status")).stream()
                    .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
            assertEquals(Integer.toString(webAccount), uidLine.split("\\s+")[2], "worker " + worker + ": " + uidLine);
        }
    }

    /**
     * As root the web account runs nginx's workers and PHP: a project behind a folder it cannot enter
     * (a clone under /root, which is 0700) would answer only errors. It is not served, says which
     * folder and the fix, and that folder is left as it is (it is the user's, not Stackyard's).
     */
    @Test
    void asRootASiteBehindAFolderTheWebAccountCannotEnterIsNotServedAndSaysWhy() throws Exception {
        AsRoot.require("only root hands the workers to another account");
        Path closed = Files.createDirectory(home.resolve("code-root"), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"))); // like /root
        Path project = Files.createDirectories(closed.resolve("behind/public"));
        Files.writeString(project.resolve("index.php"), "<?php echo 'behind';\n");
        try {
            yard.sites.link(project.getParent(), null, null, null);
        } catch (RuntimeException refused) {
            // refusing the link outright is as good as not serving it
        }

        Site site = yard.sites.find("behind").orElseThrow();
        assertFalse(site.served(), "served a site the web account cannot reach");
        assertTrue(site.broken().contains("cannot enter " + closed.toRealPath())
                && site.broken().contains("chmod o+x " + closed.toRealPath()), site.broken());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(closed)));
    }
}
