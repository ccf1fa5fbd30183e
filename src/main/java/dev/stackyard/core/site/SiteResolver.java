package dev.stackyard.core.site;

import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the {@code sites:} config into the sites served now: expands parked folders (reading the
 * disk, so a sub-folder added since the last call is there), picks each site's nginx and php-fpm
 * service, detects its web root, and marks what cannot be served as broken with the reason.
 *
 * <p>Names: a linked site wins over a parked sub-folder of the same name; between parked folders
 * the first in the file wins. Hidden sub-folders and ones whose name has nothing DNS-safe in it are
 * skipped. Stateless; every call reads the disk afresh.
 */
public final class SiteResolver {
    /** HTTPS listens this far above the nginx service's HTTP port: 8080 → 8443. */
    public static final int TLS_OFFSET = 363;

    private final List<ServiceDefinition> services;
    private final Installations installations;

    public SiteResolver(List<ServiceDefinition> services, Installations installations) {
        this.services = List.copyOf(services);
        this.installations = Objects.requireNonNull(installations, "installations");
    }

    /** The port of the HTTPS listener of an nginx service on {@code port}. */
    public static int tlsPort(int port) {
        return port + TLS_OFFSET;
    }

    /** Every site, linked ones first (file order), then each parked folder's (by name). */
    public List<Site> resolve(SiteConfig config) {
        List<Site> out = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (LinkedSite link : config.links()) {
            taken.add(link.name());
            out.add(site(link.name(), link.dir(), link.php(), link.web(), link.secure(), null, link.nginx()));
        }
        for (ParkedDir park : config.parked()) {
            for (Path sub : subFolders(park.dir())) {
                Optional<String> name = SiteNames.fromFolder(sub.getFileName().toString());
                if (name.isPresent() && taken.add(name.get())) {
                    out.add(site(name.get(), sub, park.php(), park.web(), false, park.dir(), null));
                }
            }
        }
        return out;
    }

    /** The sites of one nginx service that are served (not broken). */
    public List<Site> served(SiteConfig config, String web) {
        return resolve(config).stream().filter(s -> s.served() && s.web().equals(web)).toList();
    }

    /** The nginx service a site without {@code web:} goes to: the first one configured. */
    public Optional<String> defaultWeb() {
        return services.stream().filter(s -> SiteKinds.servesSites(s.kind())).map(ServiceDefinition::id).findFirst();
    }

    /**
     * The php-fpm service that runs PHP {@code version}: one configured with that version, else one
     * without a version whose newest installed php-fpm is that version.
     */
    public Optional<String> phpServiceFor(String version) {
        Optional<String> explicit = services.stream()
                .filter(s -> s.kind() == SiteKinds.phpFpm() && version.equals(s.version()))
                .map(ServiceDefinition::id).findFirst();
        if (explicit.isPresent()) {
            return explicit;
        }
        Optional<String> newest = installations.resolve(SiteKinds.phpFpm(), null).map(Installation::version);
        if (newest.isPresent() && newest.get().equals(version)) {
            return services.stream().filter(s -> s.kind() == SiteKinds.phpFpm() && s.version() == null)
                    .map(ServiceDefinition::id).findFirst();
        }
        return Optional.empty();
    }

    private Site site(String name, Path dir, String php, String webId, boolean secure, Path parkedIn, Path nginxFile) {
        String web = webId != null ? webId : defaultWeb().orElse(null);
        Optional<ServiceDefinition> nginx = services.stream()
                .filter(s -> SiteKinds.servesSites(s.kind()) && s.id().equals(web)).findFirst();
        int port = nginx.map(ServiceDefinition::port).orElse(0);
        String broken = null;
        String phpService = null;
        if (nginx.isEmpty()) {
            broken = web == null ? "no nginx service is configured; add one to serve sites"
                    : "'" + web + "' is not a configured nginx service";
        } else if (php == null) {
            phpService = nginx.get().php();
        } else {
            phpService = phpServiceFor(php).orElse(null);
            if (phpService == null) {
                broken = "no php-fpm service runs PHP " + php + "; add one (kind: php-fpm, version: \"" + php + "\")";
            }
        }
        Path root = WebRoots.detect(dir);
        if (broken == null) {
            broken = folderProblem(dir, root);
        }
        if (broken == null && nginxFile != null) {
            broken = SiteSnippets.problem(nginxFile).orElse(null);
        }
        return new Site(name, dir, root, php, phpService, web, port, tlsPort(port), secure, parkedIn, broken, nginxFile);
    }

    /**
     * Why nginx could not serve {@code root}: missing, not a folder, a web root whose real path
     * leaves the project folder (a {@code public} that links elsewhere would serve that place),
     * not readable and searchable by this account (nginx's and php-fpm's workers run as this
     * account; as root, by the web account, which must also pass through every folder above it),
     * or a path nginx cannot quote.
     */
    static String folderProblem(Path dir, Path root) {
        if (!Files.exists(dir)) {
            return "its folder " + dir + " does not exist";
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is not a folder";
        }
        try {
            Path realDir = dir.toRealPath();
            Path realRoot = root.toRealPath();
            if (!realRoot.startsWith(realDir)) {
                return "its web folder " + root + " leads to " + realRoot + ", outside the project folder " + realDir
                        + "; Stackyard serves only what is inside it: make " + dir.relativize(root)
                        + " a real folder (not a link out of the project)";
            }
        } catch (IOException e) {
            return "cannot resolve " + root + ": " + e.getMessage();
        }
        Optional<String> writable = dev.stackyard.core.service.ServedFolders.writableByOthers(root)
                .or(() -> dev.stackyard.core.service.ServedFolders.writableByOthers(dir))
                // As root the workers run as the web account, which must pass through to the web root.
                .or(() -> dev.stackyard.core.service.WebAccount.unreachable(root));
        if (writable.isPresent()) {
            return writable.get();
        }
        for (Path p : List.of(dir, root)) {
            if (!Files.isReadable(p) || !Files.isExecutable(p)) {
                return p + " is not readable by this account (nginx and php-fpm run as it); fix its permissions";
            }
            String text = p.toAbsolutePath().toString();
            if (text.contains("$") || text.contains("\"") || text.contains("\\") || text.contains("\n")) {
                return "nginx cannot serve the path " + text + " (it contains $, \", \\ or a line break); rename the folder";
            }
        }
        return null;
    }

    private static List<Path> subFolders(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (!p.getFileName().toString().startsWith(".") && Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the parked folder " + dir, e);
        }
        out.sort(null);
        return out;
    }
}
