package dev.stackyard.core.bundle;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

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

    /**
     * Writes the record into the freshly unpacked {@code bundleDir} with an exclusive, no-follow
     * open (0644 from creation): an archive that brought a file or link by the record's name is
     * refused rather than written through.
     */
    void write(Path bundleDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("artifact", artifact);
        p.setProperty("repository", repository);
        p.setProperty("checksum", checksum);
        p.setProperty("installed", installed.toString());
        StringWriter text = new StringWriter();
        p.store(text, "Installed by Stackyard; removing the folder uninstalls it");
        Path file = bundleDir.resolve(FILE);
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(SafeUnpack.READABLE))) {
            ByteBuffer b = StandardCharsets.UTF_8.encode(text.toString());
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (FileAlreadyExistsException e) {
            throw new BundleException("the archive itself holds " + FILE + ", the name of Stackyard's record;"
                    + " refusing to install it", e);
        }
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
