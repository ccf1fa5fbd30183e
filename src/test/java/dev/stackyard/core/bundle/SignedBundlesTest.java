package dev.stackyard.core.bundle;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.kind.postgres.ZonkyPostgres;
import dev.stackyard.core.service.kind.redis.EmbeddedRedis;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The publisher's OpenPGP signature against the key pinned in the kind: the real embedded-redis
 * jar from a file: mirror, signed here by a key generated for the test (the publisher's own key
 * material is not shipped; see the pins in ZonkyPostgres and EmbeddedRedis), and the real .asc
 * files Central serves, which must name the pinned keys. The attacks are a hostile mirror that
 * publishes a changed jar with matching checksums, signed by nobody or by its own key.
 */
class SignedBundlesTest {
    private static PGPKeyPair publisher;
    private static PGPKeyPair attacker;

    @TempDir
    Path tmp;
    private FixtureRepository repo;
    private Path jar;
    private Path bundles;
    private final List<String> steps = new ArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        publisher = keyPair();
        attacker = keyPair();
    }

    @BeforeEach
    void setUp() throws IOException {
        FixtureRepository.assumeAmd64();
        repo = FixtureRepository.in(tmp.resolve("m2")).redis();
        jar = repo.file(Artifact.jar(EmbeddedRedis.GROUP, EmbeddedRedis.ARTIFACT, FixtureRepository.REDIS_ARTIFACT));
        bundles = tmp.resolve("data/bundles");
    }

    /** The redis source with {@code keys} pinned instead of the publisher's. */
    private record Pinned(BundleSource inner, PublisherKeys keys) implements BundleSource {
        @Override public String artifactKey() { return inner.artifactKey(); }
        @Override public List<String> installable(MavenRepository r) throws BundleException { return inner.installable(r); }
        @Override public Artifact artifact(String version) { return inner.artifact(version); }
        @Override public String binary() { return inner.binary(); }
        @Override public PublisherKeys publisherKeys() { return keys; }
        @Override public void unpack(InputStream in, String version, Path into, Cancellation cancel) throws IOException {
            inner.unpack(in, version, into, cancel);
        }
    }

    private BundleInstaller.Installed install(PublisherKeys keys) throws IOException {
        BundleInstaller installer = new BundleInstaller(bundles,
                new BundleSources(Map.of(ServiceKind.named("redis"), new Pinned(new EmbeddedRedis("amd64"), keys))));
        InstallProgress progress = new InstallProgress() {
            @Override
            public void step(String description) {
                steps.add(description);
            }

            @Override
            public void bytes(long done, long total) {
            }
        };
        try (MavenRepository m = MavenRepository.of(repo.url())) {
            return installer.install(ServiceKind.named("redis"), "6.2", m, progress, new Cancellation());
        }
    }

    private static PublisherKeys pin(PGPKeyPair key) throws IOException {
        PGPPublicKey pub = key.getPublicKey();
        ByteArrayOutputStream armored = new ByteArrayOutputStream();
        try (ArmoredOutputStream out = new ArmoredOutputStream(armored)) {
            new PGPPublicKeyRing(List.of(pub)).encode(out);
        }
        return PublisherKeys.withMaterial("the test publisher", HexFormat.of().formatHex(pub.getFingerprint()),
                armored.toByteArray());
    }

    /** Writes {@code jar}.asc, signed by {@code key}. */
    private void sign(PGPKeyPair key) throws IOException, PGPException {
        PGPSignatureGenerator gen = new PGPSignatureGenerator(
                new JcaPGPContentSignerBuilder(key.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA512), key.getPublicKey());
        gen.init(PGPSignature.BINARY_DOCUMENT, key.getPrivateKey());
        gen.update(Files.readAllBytes(jar));
        ByteArrayOutputStream armored = new ByteArrayOutputStream();
        try (ArmoredOutputStream out = new ArmoredOutputStream(armored)) {
            gen.generate().encode(out);
        }
        Files.write(jar.resolveSibling(jar.getFileName() + ".asc"), armored.toByteArray());
    }

    /**
     * What a hostile mirror does: republishes the jar with a changed redis-server inside (a valid
     * jar that installs) and checksums that match it.
     */
    private void trojanAndRepublishChecksums() throws IOException {
        ByteArrayOutputStream changed = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(changed)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (e.getName().startsWith("redis-server-6.2.6-v5-linux-amd64")) {
                    content[content.length / 2] ^= 0x01;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        Files.write(jar, changed.toByteArray());
        Files.writeString(jar.resolveSibling(jar.getFileName() + ".sha1"), FixtureRepository.digest(jar, "SHA-1") + "\n");
        Files.writeString(jar.resolveSibling(jar.getFileName() + ".sha256"), FixtureRepository.digest(jar, "SHA-256") + "\n");
    }

    private static String fingerprint(PGPKeyPair key) {
        return HexFormat.of().withUpperCase().formatHex(key.getPublicKey().getFingerprint());
    }

    @Test
    void aSignatureByThePinnedKeyInstallsWithoutAWarning() throws Exception {
        sign(publisher);
        assertFalse(install(pin(publisher)).already());
        assertTrue(steps.stream().noneMatch(s -> s.startsWith("warning")), steps.toString());
    }

    @Test
    void aChangedJarWithMatchingChecksumsIsRefusedNamingTheKey() throws Exception {
        sign(publisher);
        trojanAndRepublishChecksums();
        BundleException e = assertThrows(BundleException.class, () -> install(pin(publisher)));
        assertTrue(e.getMessage().contains("by key " + fingerprint(publisher) + " does not verify"), e.getMessage());
        assertFalse(Files.exists(bundles.resolve("redis")));
    }

    @Test
    void aJarTheMirrorSignedWithItsOwnKeyIsRefusedNamingBothKeys() throws Exception {
        trojanAndRepublishChecksums();
        sign(attacker);
        BundleException e = assertThrows(BundleException.class, () -> install(pin(publisher)));
        // The mirror's signature names only its key id; that is what the refusal can name.
        assertTrue(e.getMessage().contains("signed by key " + PublisherKeys.keyIdHex(attacker.getKeyID())), e.getMessage());
        assertTrue(e.getMessage().contains("pinned key the test publisher " + fingerprint(publisher)), e.getMessage());
        assertFalse(Files.exists(bundles.resolve("redis")));
    }

    @Test
    void aMissingSignatureIsRefusedWhereTheKindPinsAKey() throws Exception {
        Files.deleteIfExists(jar.resolveSibling(jar.getFileName() + ".asc"));
        BundleException e = assertThrows(BundleException.class, () -> install(pin(publisher)));
        assertTrue(e.getMessage().contains("has no OpenPGP signature (.asc)"), e.getMessage());
    }

    @Test
    void aMissingSignatureIsAWarningTheInstallPrintsWhereNoKeyIsPinned() throws Exception {
        Files.deleteIfExists(jar.resolveSibling(jar.getFileName() + ".asc"));
        assertFalse(install(PublisherKeys.NONE).already());
        assertTrue(steps.contains("warning: com.github.codemonstur:embedded-redis:1.4.4 has no OpenPGP signature (.asc):"
                + " only its checksum vouches for it"), steps.toString());
    }

    @Test
    void aVerifiedSignatureIsEnoughWhereTheRepositoryPublishesOnlySha1() throws Exception {
        sign(publisher);
        Files.delete(jar.resolveSibling(jar.getFileName() + ".sha256"));
        assertFalse(install(pin(publisher)).already());
    }

    /**
     * The pins are the real publishers': the .asc files Central serves for the fixture jars name
     * them. Their material does not ship, so an install says it could not check the signature.
     */
    @Test
    void theRealPublishersSignaturesNameThePinnedKeys() throws Exception {
        Path realAsc = FixtureRepository.fixtures().resolve(EmbeddedRedis.ARTIFACT + "-" + FixtureRepository.REDIS_ARTIFACT + ".jar.asc");
        assertTrue(Files.isRegularFile(realAsc), realAsc + " (copy-bundle-fixtures)");
        assertFalse(install(EmbeddedRedis.KEYS).already());
        assertTrue(steps.contains("warning: com.github.codemonstur:embedded-redis:1.4.4 is signed by its publisher's pinned key"
                + " C778F6B032DCEDE0F4B07466A9842E6F7C089FCC, but that key's material does not ship with Stackyard, so the"
                + " signature was not checked"), steps.toString());

        for (String version : List.of(FixtureRepository.PG16, FixtureRepository.PG17)) {
            Path pgJar = FixtureRepository.fixtures().resolve(FixtureRepository.PG_ARTIFACT + "-" + version + ".jar");
            byte[] asc = Files.readAllBytes(pgJar.resolveSibling(pgJar.getFileName() + ".asc"));
            try (InputStream in = Files.newInputStream(pgJar)) {
                SignatureCheck.Outcome o = SignatureCheck.check(Artifact.jar(ZonkyPostgres.GROUP, FixtureRepository.PG_ARTIFACT,
                        version), in, Optional.of(asc), ZonkyPostgres.KEYS);
                assertFalse(o.verified());
                assertTrue(o.warning().contains("pinned key 6B02ED0ED53F9FD3"), o.warning());
            }
        }
    }

    private static PGPKeyPair keyPair() throws NoSuchAlgorithmException, PGPException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return new JcaPGPKeyPair(PublicKeyPacket.VERSION_4, PGPPublicKey.RSA_GENERAL, g.generateKeyPair(), new Date());
    }
}
