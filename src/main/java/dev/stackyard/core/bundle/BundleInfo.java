package dev.stackyard.core.bundle;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * Where an installed bundle came from, kept as {@value #FILE} in its folder.
 *
 * @param artifact   Maven coordinates, {@code group:artifact:version}
 * @param repository the repository's URL
 * @param checksum   {@code ALGORITHM:hex} it was verified against
 */
public record BundleInfo(String artifact, String repository, String checksum, Instant installed) {
    public static final String FILE = dev.stackyard.core.service.Installations.BUNDLE_RECORD;

    /** "maven io.zonky...:17.11.0 from https://repo1.maven.org/maven2/". */
    public String origin() {
        return "maven " + artifact + " from " + repository;
    }

    void write(Path bundleDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("artifact", artifact);
        p.setProperty("repository", repository);
        p.setProperty("checksum", checksum);
        p.setProperty("installed", installed.toString());
        try (Writer w = Files.newBufferedWriter(bundleDir.resolve(FILE), StandardCharsets.UTF_8)) {
            p.store(w, "Installed by Stackyard; removing the folder uninstalls it");
        }
        Files.setPosixFilePermissions(bundleDir.resolve(FILE), SafeUnpack.READABLE);
    }

    /** The record in {@code bundleDir}, empty when there is none or it cannot be read. */
    public static Optional<BundleInfo> read(Path bundleDir) {
        Path file = bundleDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            String installed = p.getProperty("installed");
            return Optional.of(new BundleInfo(p.getProperty("artifact", "?"), p.getProperty("repository", "?"),
                    p.getProperty("checksum", "?"), installed == null ? Instant.EPOCH : Instant.parse(installed)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
