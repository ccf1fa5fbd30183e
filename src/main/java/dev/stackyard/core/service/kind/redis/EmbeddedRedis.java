package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.bundle.Artifact;
import dev.stackyard.core.bundle.BundleException;
import dev.stackyard.core.bundle.BundleSource;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.core.bundle.PublisherKeys;
import dev.stackyard.core.bundle.SafeUnpack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * redis from {@code com.github.codemonstur:embedded-redis}: the jar carries one static
 * {@code redis-server} per platform. The artifact's version is the library's, not redis's, so the
 * redis builds it carries are listed here (read from the jar's entries) per architecture.
 *
 * @param arch {@code amd64} or {@code arm64}
 */
public record EmbeddedRedis(String arch) implements BundleSource {
    public static final String GROUP = "com.github.codemonstur";
    public static final String ARTIFACT = "embedded-redis";

    /**
     * The key codemonstur signs embedded-redis with on Central (the issuer fingerprint its
     * signatures carry). Its material does not ship yet (keyservers were out of reach): drop it in
     * as keys/C778F6B032DCEDE0F4B07466A9842E6F7C089FCC.asc.
     */
    public static final PublisherKeys KEYS = PublisherKeys.pinned("codemonstur", "C778F6B032DCEDE0F4B07466A9842E6F7C089FCC");

    /** A redis build inside one artifact version. */
    record Build(String redisVersion, String artifactVersion, String entry) {
    }

    /** The version is what the binary reports: the amd64 file named 6.2.6 says {@code v=6.2.11}. */
    private static final Map<String, List<Build>> BUILDS = Map.of(
            "amd64", List.of(new Build("6.2.11", "1.4.4", "redis-server-6.2.6-v5-linux-amd64")),
            "arm64", List.of(new Build("6.2.7", "1.4.4", "redis-server-6.2.7-linux-arm64")));

    private List<Build> builds() {
        return BUILDS.getOrDefault(arch, List.of());
    }

    @Override
    public String artifactKey() {
        return GROUP + ":" + ARTIFACT;
    }

    @Override
    public List<String> installable(MavenRepository repository) throws BundleException {
        List<String> published = repository.versions(GROUP, ARTIFACT);
        return builds().stream().filter(b -> published.contains(b.artifactVersion())).map(Build::redisVersion).toList();
    }

    @Override
    public Artifact artifact(String version) {
        return Artifact.jar(GROUP, ARTIFACT, build(version).artifactVersion());
    }

    @Override
    public PublisherKeys publisherKeys() {
        return KEYS;
    }

    @Override
    public String binary() {
        return "bin/redis-server";
    }

    @Override
    public void unpack(InputStream jar, String version, Path into, Cancellation cancel) throws IOException {
        Build build = build(version);
        ZipInputStream zip = new ZipInputStream(jar);
        ZipEntry e;
        while ((e = zip.getNextEntry()) != null) {
            cancel.check("unpacking");
            if (e.getName().equals(build.entry())) {
                Path root = into.toAbsolutePath().normalize();
                SafeUnpack.file(root, SafeUnpack.inside(root, binary()), zip, true);
                return;
            }
        }
        throw new BundleException(artifactKey() + ":" + build.artifactVersion() + " holds no " + build.entry()
                + "; it is not the redis build Stackyard expects");
    }

    private Build build(String version) {
        return builds().stream().filter(b -> b.redisVersion().equals(version)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no embedded-redis build of redis " + version));
    }
}
