package dev.stackyard.core.service;

import dev.stackyard.core.process.OneShot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the installed versions of each kind, from the manifests in the top-level {@code bundles/}
 * folder (on the class path as {@code bundles/KIND.properties}): Debian's paths plus the user
 * bundle folder. Results are cached per kind; {@link #rescan()} forgets them. Thread-safe.
 */
public final class Installations {
    private static final Pattern VERSION_DIR = Pattern.compile("\\d+(\\.\\d+)*");
    /** The record a bundle's installer leaves in its folder (written by core.bundle.BundleInfo). */
    public static final String BUNDLE_RECORD = ".stackyard-bundle.properties";

    private final Path userBundleDir;
    private final Map<ServiceKind, Manifest> manifests;
    private final Map<ServiceKind, List<Installation>> cache = new ConcurrentHashMap<>();
    private final VersionCache answers;

    /** What a manifest says: where to look, how to read a version, how to install. */
    public record Manifest(List<String> paths, String versionArg, Pattern versionPattern, String installHint,
                           Pattern exactPattern) {
        public Manifest(List<String> paths, String versionArg, Pattern versionPattern, String installHint) {
            this(paths, versionArg, versionPattern, installHint, null);
        }
    }

    public Installations(Path userBundleDir, Map<ServiceKind, Manifest> manifests) {
        this(userBundleDir, manifests, VersionCache.none());
    }

    /** As above, with the binaries' version answers remembered in {@code answers}. */
    public Installations(Path userBundleDir, Map<ServiceKind, Manifest> manifests, VersionCache answers) {
        this.userBundleDir = userBundleDir;
        this.manifests = Map.copyOf(manifests);
        this.answers = answers;
    }

    /** The manifests shipped with Stackyard, with {@code {bundles}} pointing at {@code userBundleDir}. */
    public static Installations load(Path userBundleDir) {
        return load(userBundleDir, VersionCache.none());
    }

    /** As {@link #load(Path)}, remembering each binary's version answer in {@code answers}. */
    public static Installations load(Path userBundleDir, VersionCache answers) {
        Map<ServiceKind, Manifest> manifests = new HashMap<>();
        for (ServiceKind kind : ServiceKind.all()) {
            if (!kind.spec().versions().versioned()) {
                continue;
            }
            String resource = "/bundles/" + kind.configName() + ".properties";
            try (InputStream in = Installations.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing bundle manifest " + resource);
                }
                Properties p = new Properties();
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                manifests.put(kind, new Manifest(
                        List.of(p.getProperty("paths", "").split("\\s*,\\s*")),
                        p.getProperty("versionArg"),
                        Pattern.compile(p.getProperty("versionPattern", "(\\d+\\.\\d+)")),
                        p.getProperty("install", ""),
                        p.getProperty("exactPattern") == null ? null : Pattern.compile(p.getProperty("exactPattern"))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return new Installations(userBundleDir, manifests, answers);
    }

    /** Every installed version of {@code kind}, newest first (first path wins for equal versions). */
    public List<Installation> find(ServiceKind kind) {
        return cache.computeIfAbsent(kind, this::scan);
    }

    /**
     * The installation to use: the newest when {@code version} is null, else the newest whose
     * version equals it or starts with it and a dot ("8" finds "8.2").
     */
    public Optional<Installation> resolve(ServiceKind kind, String version) {
        return find(kind).stream()
                .filter(i -> version == null || i.version().equals(version) || i.version().startsWith(version + "."))
                .findFirst();
    }

    /** How to install {@code kind}, from its manifest. */
    public String installHint(ServiceKind kind) {
        Manifest m = manifests.get(kind);
        return m == null ? "" : m.installHint();
    }

    public void rescan() {
        cache.clear();
    }

    private List<Installation> scan(ServiceKind kind) {
        Manifest m = manifests.get(kind);
        if (m == null) {
            return List.of();
        }
        List<Installation> found = new ArrayList<>();
        for (String template : m.paths()) {
            String path = template.replace("{bundles}", userBundleDir.toString());
            if (path.contains("{version}")) {
                found.addAll(expand(kind, path, template.startsWith("{bundles}") ? null : m));
            } else {
                Path binary = Path.of(path);
                if (Files.isExecutable(binary)) {
                    versionOf(kind, binary, m).ifPresent(found::add);
                }
            }
        }
        List<Installation> unique = new ArrayList<>();
        for (Installation i : found) {
            if (unique.stream().noneMatch(u -> u.version().equals(i.version()))) {
                unique.add(i);
            }
        }
        unique.sort(Comparator.comparing(Installation::version, Versions::compare).reversed());
        return List.copyOf(unique);
    }

    /**
     * Expands the one path segment holding {version} against what is on disk; {@code system} is the
     * manifest for system folders (whose exact version is asked of the binary), null for bundles.
     */
    private List<Installation> expand(ServiceKind kind, String path, Manifest system) {
        boolean bundle = system == null;
        int at = path.indexOf("{version}");
        int segStart = path.lastIndexOf('/', at) + 1;
        int segEnd = path.indexOf('/', at);
        String segment = segEnd < 0 ? path.substring(segStart) : path.substring(segStart, segEnd);
        String rest = segEnd < 0 ? "" : path.substring(segEnd);
        Path parent = Path.of(path.substring(0, Math.max(1, segStart - 1)));
        String prefix = segment.substring(0, segment.indexOf("{version}"));
        String suffix = segment.substring(segment.indexOf("{version}") + "{version}".length());
        List<Installation> out = new ArrayList<>();
        if (!Files.isDirectory(parent)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(suffix) && name.length() > prefix.length() + suffix.length()) {
                    String version = name.substring(prefix.length(), name.length() - suffix.length());
                    Path binary = Path.of(entry + rest);
                    if (VERSION_DIR.matcher(version).matches() && Files.isExecutable(binary) && !Files.isDirectory(binary)) {
                        out.add(bundle ? new Installation(kind, version, binary, version, bundleOrigin(entry))
                                : withExactVersion(new Installation(kind, version, binary), system));
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /**
     * A Stackyard bundle's origin, from the record its installer (core.bundle.BundleInfo) writes in
     * its folder: Maven coordinates and the repository.
     */
    private static String bundleOrigin(Path versionDir) {
        Path file = versionDir.resolve(BUNDLE_RECORD);
        if (Files.isRegularFile(file)) {
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Properties p = new Properties();
                p.load(r);
                if (p.getProperty("artifact") != null) {
                    return "maven " + p.getProperty("artifact") + " from " + p.getProperty("repository", "?");
                }
            } catch (IOException | IllegalArgumentException e) {
                // Fall through: still a bundle, of unknown origin.
            }
        }
        return "bundle in " + versionDir;
    }

    /** {@code i} with the exact version its binary reports, when the manifest says how to read it. */
    private Installation withExactVersion(Installation i, Manifest m) {
        if (m.exactPattern() == null || m.versionArg() == null) {
            return i;
        }
        return versionOf(i.kind(), i.binary(), m)
                .map(found -> new Installation(i.kind(), i.version(), i.binary(), found.exactVersion(), i.origin()))
                .orElse(i);
    }

    private Optional<Installation> versionOf(ServiceKind kind, Path binary, Manifest m) {
        if (m.versionArg() == null) {
            return Optional.of(new Installation(kind, "0", binary));
        }
        Optional<String> answer = answers.output(binary, m.versionArg());
        try {
            String out = answer.isPresent() ? answer.get()
                    : String.join("\n", OneShot.of(binary.toString(), m.versionArg()).timeout(Duration.ofSeconds(5)).run().output());
            if (answer.isEmpty()) {
                answers.remember(binary, m.versionArg(), out);
            }
            Matcher matcher = m.versionPattern().matcher(out);
            if (!matcher.find()) {
                return Optional.empty();
            }
            String version = matcher.group(1);
            Matcher exact = m.exactPattern() == null ? null : m.exactPattern().matcher(out);
            String exactVersion = exact != null && exact.find() ? exact.group(1) : version;
            return Optional.of(new Installation(kind, version, binary, exactVersion, Installation.SYSTEM));
        } catch (OneShot.Failed e) {
            return Optional.empty();
        }
    }

}
