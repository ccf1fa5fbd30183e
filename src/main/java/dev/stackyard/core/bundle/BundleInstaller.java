package dev.stackyard.core.bundle;

import dev.stackyard.core.service.Versions;
import dev.stackyard.core.service.ServiceKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Installs and removes Stackyard's own builds of a kind under {@code ROOT/KIND/VERSION/} (where
 * {@code bundles/KIND.properties} makes {@link dev.stackyard.core.service.Installations} look).
 *
 * <p>An install reads the versions from the repository's {@code maven-metadata.xml}, downloads the
 * artifact into an already-unlinked temporary file (so a killed install leaves no bytes behind),
 * verifies it against the published checksum and the publisher's OpenPGP signature (against the
 * key the kind pins, {@link SignatureCheck}) before anything is unpacked, unpacks into
 * {@code ROOT/.partial/} and moves the finished folder into place with one atomic rename: a
 * version folder is either complete or absent. A failed or cancelled install removes what it made;
 * what a killed one left in {@code .partial} is removed by the next install or uninstall
 * ({@link #sweep()}). Uninstall renames the folder away first, then deletes it.
 *
 * <p>Thread-safe as far as the file system is: two installs of one version race on the final
 * rename, and the loser fails cleanly.
 */
public final class BundleInstaller {
    private static final Logger log = LoggerFactory.getLogger(BundleInstaller.class);
    static final String PARTIAL = ".partial";
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*");
    private static final Pattern OWNED = Pattern.compile(".*\\.(\\d+)");

    private final Path root;
    private final BundleSources sources;

    /**
     * @param root    the bundle folder ({@link BundleLocation})
     * @param sources where each kind comes from
     */
    public BundleInstaller(Path root, BundleSources sources) {
        this.root = root.toAbsolutePath().normalize();
        this.sources = sources;
    }

    public Path root() {
        return root;
    }

    public BundleSources sources() {
        return sources;
    }

    /** Where an installed {@code kind} {@code version} lives (it may not exist). */
    public Path folder(ServiceKind kind, String version) {
        return root.resolve(kind.configName()).resolve(version);
    }

    /** The bundle versions of {@code kind} present on disk, newest first. */
    public List<String> installed(ServiceKind kind) {
        Path dir = root.resolve(kind.configName());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> VERSION.matcher(n).matches())
                    .sorted((a, b) -> Versions.compare(b, a)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** What an install did. */
    public record Installed(ServiceKind kind, String version, Path folder, boolean already) {
    }

    /**
     * Installs {@code kind} {@code requested} ("17" = the newest 17.x, "17.11.0" exactly, null = the
     * newest) from {@code repository}. Returns at once, with {@code already} set, when that exact
     * version is installed.
     *
     * @throws ChecksumMismatchException when the download is not what the repository published
     * @throws InstallCancelledException when {@code cancel} fired or the thread was interrupted
     * @throws BundleException           for anything else (unknown version, unreachable repository)
     */
    public Installed install(ServiceKind kind, String requested, MavenRepository repository, InstallProgress progress,
                             Cancellation cancel) throws BundleException {
        return install(kind, requested, repository, InstallPolicy.STRICT, progress, cancel);
    }

    /**
     * {@link #install(ServiceKind, String, MavenRepository, InstallProgress, Cancellation)} with what
     * the person explicitly allowed beyond the defaults.
     *
     * @throws BundleException also when the repository is plain http over the network or the
     *                         artifact is proven by SHA-1 alone, and {@code policy} does not allow it
     */
    public Installed install(ServiceKind kind, String requested, MavenRepository repository, InstallPolicy policy,
                             InstallProgress progress, Cancellation cancel) throws BundleException {
        if (repository.plainHttpOverNetwork() && !policy.allowHttp()) {
            throw new BundleException("refusing to install from " + repository + ": plain http lets anyone on the"
                    + " network change what is downloaded; use an https:// repository (or, if you trust the network,"
                    + " stackyard install --allow-http)");
        }
        BundleSource source = sources.get(kind).orElseThrow(() -> new BundleException(
                "Stackyard cannot install " + kind + " itself (no relocatable build of it is known); install it from"
                        + " your system's packages"));
        sweep();
        List<String> offered = source.installable(repository);
        String version = choose(kind, requested, offered, repository);
        Path target = folder(kind, version);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return new Installed(kind, version, target, true);
        }
        cancel.check("installing " + kind + " " + version);
        Artifact artifact = source.artifact(version);
        MavenRepository.PublishedChecksum published = repository.checksum(artifact);
        Path partial = partialFolder();
        long pid = ProcessHandle.current().pid();
        Path tree = partial.resolve("unpack-" + kind + "-" + version + "." + pid);
        Path download = partial.resolve("download-" + kind + "-" + version + "." + pid + ".jar");
        try (FileChannel jar = FileChannel.open(download, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE)) {
            // DELETE_ON_CLOSE unlinks the name at once on Linux: even a KILLed install leaves no bytes.
            progress.step("downloading " + artifact + " from " + repository);
            String actual = download(repository, artifact, published.algorithm(), jar, progress, cancel);
            progress.step("verifying " + published.algorithm());
            if (!actual.equals(published.hex())) {
                throw new ChecksumMismatchException(artifact, published.algorithm(), published.hex(), actual);
            }
            progress.step("checking the publisher's signature");
            jar.position(0);
            SignatureCheck.Outcome signed = SignatureCheck.check(artifact, Channels.newInputStream(jar),
                    repository.signature(artifact), source.publisherKeys());
            if (!signed.verified()) {
                progress.step("warning: " + signed.warning());
                log.warn("{}", signed.warning());
            }
            if (published.algorithm().equals("SHA-1") && !signed.verified() && !policy.allowSha1()) {
                throw new BundleException(repository + " publishes only a SHA-1 checksum for " + artifact
                        + " and no signature Stackyard could verify, and SHA-1 can be forged; nothing was installed."
                        + " Use a repository that publishes .sha256, or, if you trust it, stackyard install --allow-sha1");
            }
            progress.step("unpacking into " + target);
            Files.createDirectory(tree, PosixFilePermissions.asFileAttribute(SafeUnpack.EXECUTABLE));
            Files.setPosixFilePermissions(tree, SafeUnpack.EXECUTABLE);
            jar.position(0);
            source.unpack(Channels.newInputStream(jar), version, tree, cancel);
            if (!Files.isExecutable(tree.resolve(source.binary()))) {
                throw new BundleException(artifact + " unpacked without " + source.binary() + "; it is not a "
                        + kind + " bundle, nothing was installed");
            }
            new BundleInfo(artifact.coordinates(), repository.toString(),
                    published.algorithm() + ":" + published.hex(), Instant.now()).write(tree);
            cancel.check("installing " + kind + " " + version);
            createShared(target.getParent());
            Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
            log.info("Installed {} {} from {} into {}", kind, version, artifact, target);
            return new Installed(kind, version, target, false);
        } catch (ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new InstallCancelledException("installing " + kind + " " + version);
        } catch (FileAlreadyExistsException e) {
            throw new BundleException(kind + " " + version + " was installed by another Stackyard at the same time;"
                    + " nothing more to do", e);
        } catch (BundleException e) {
            throw e;
        } catch (IOException e) {
            throw new BundleException("installing " + kind + " " + version + " failed: " + e.getMessage()
                    + "; nothing was installed", e);
        } finally {
            deleteQuietly(tree);
        }
    }

    /**
     * Removes the bundle {@code kind} {@code version} (exact). Callers check first that no service
     * uses it ({@link BundleUsers}).
     *
     * @throws BundleException when there is no such bundle (a system package is not Stackyard's to remove)
     */
    public void uninstall(ServiceKind kind, String version) throws BundleException {
        Path dir = folder(kind, version);
        if (!VERSION.matcher(version).matches() || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            List<String> have = installed(kind);
            throw new BundleException(kind + " " + version + " is not one of Stackyard's bundles"
                    + (have.isEmpty() ? " (none installed)" : " (installed: " + String.join(", ", have) + ")")
                    + "; system packages are removed with the system's package manager");
        }
        sweep();
        try {
            Path away = partialFolder().resolve("remove-" + kind + "-" + version + "." + ProcessHandle.current().pid());
            Files.move(dir, away, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(away);
            log.info("Uninstalled {} {} from {}", kind, version, dir);
        } catch (IOException e) {
            throw new BundleException("cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes what installs and uninstalls of processes that no longer run left in {@code .partial}. */
    public void sweep() {
        Path partial = root.resolve(PARTIAL);
        if (!Files.isDirectory(partial, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(partial)) {
            for (Path entry : entries) {
                Matcher m = OWNED.matcher(entry.getFileName().toString().replaceFirst("\\.jar$", ""));
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    log.info("Removing {}, left by an install that did not finish", entry);
                    deleteQuietly(entry);
                }
            }
        } catch (IOException e) {
            log.warn("Cannot clean {}: {}", partial, e.getMessage());
        }
    }

    private static String choose(ServiceKind kind, String requested, List<String> offered, MavenRepository repository)
            throws BundleException {
        if (offered.isEmpty()) {
            throw new BundleException(repository + " offers no " + kind + " builds for this machine");
        }
        if (requested == null || requested.isBlank()) {
            return offered.getFirst();
        }
        return Versions.pick(requested.strip(), offered).orElseThrow(() -> new BundleException(
                kind + " " + requested + " is not in " + repository + "; installable: "
                        + String.join(", ", newestPerMajor(offered))));
    }

    /** "18.6.0, 17.11.0, 16.15.0 ...": the newest release of each major, newest first. */
    public static List<String> newestPerMajor(List<String> versions) {
        List<String> out = new ArrayList<>();
        List<String> majors = new ArrayList<>();
        versions.stream().sorted((a, b) -> Versions.compare(b, a)).forEach(v -> {
            if (!majors.contains(Versions.major(v))) {
                majors.add(Versions.major(v));
                out.add(v);
            }
        });
        return out;
    }

    /** Copies the artifact into {@code jar}, digesting as it goes; returns the lower-case hex digest. */
    private static String download(MavenRepository repository, Artifact artifact, String algorithm, FileChannel jar,
                                   InstallProgress progress, Cancellation cancel) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JVM", e);
        }
        MavenRepository.Opened opened = repository.open(artifact);
        try (InputStream in = opened.in()) {
            cancel.whileBlocked(in);
            byte[] buffer = new byte[64 * 1024];
            long done = 0;
            progress.bytes(0, opened.length());
            int n;
            while (true) {
                cancel.check("downloading " + artifact);
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    cancel.check("downloading " + artifact);
                    throw e;
                }
                if (n < 0) {
                    break;
                }
                digest.update(buffer, 0, n);
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    jar.write(b);
                }
                done += n;
                progress.bytes(done, opened.length());
            }
            if (opened.length() >= 0 && done != opened.length()) {
                throw new BundleException("the download of " + artifact + " ended after " + done + " of "
                        + opened.length() + " bytes; nothing was installed (retry)");
            }
        } finally {
            cancel.whileBlocked(null);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** ROOT/.partial, private to this user. */
    private Path partialFolder() throws BundleException {
        try {
            createShared(root);
            Path partial = root.resolve(PARTIAL);
            if (!Files.isDirectory(partial)) {
                Files.createDirectories(partial);
            }
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwx------"));
            return partial;
        } catch (IOException e) {
            throw new BundleException("cannot create " + root.resolve(PARTIAL) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code dir} readable and passable by everyone (0755): bundles hold nothing private.
     * Folders it creates above the bundle root (such as /var/lib/stackyard) get 0755 too, whatever
     * the umask; existing ones above the root are left alone.
     */
    private void createShared(Path dir) throws IOException {
        Path firstMissing = null;
        for (Path p = dir; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            firstMissing = p;
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        for (Path p = dir; p != null && (p.startsWith(root) || firstMissing != null && p.startsWith(firstMissing));
             p = p.getParent()) {
            Files.setPosixFilePermissions(p, SafeUnpack.EXECUTABLE);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException e) {
            log.warn("Cannot remove {}: {} (the next install removes it)", dir, e.getMessage());
        }
    }

    /** Deletes {@code dir} and everything in it, removing links rather than following them. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : entries.toList()) {
                    deleteTree(p);
                }
            }
        }
        Files.delete(dir);
    }
}
