package dev.stackyard.core.bundle;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Maven repository read over HTTP(S) or from a {@code file:} URL laid out like one (a mirror, or a
 * test fixture): {@code maven-metadata.xml} for the versions, the artifact, and the checksum files
 * published beside it. Thread-safe; {@link #close()} releases the HTTP client.
 */
public final class MavenRepository implements AutoCloseable {
    /** Maven Central. */
    public static final String CENTRAL = "https://repo1.maven.org/maven2";
    /** Overrides the repository for every install. */
    public static final String ENV = "STACKYARD_MAVEN_REPO";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SMALL_FILE_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private HttpClient http;

    private MavenRepository(URI base) {
        this.base = base;
    }

    /**
     * The repository at {@code url}: {@code https://...}, {@code http://...} or {@code file:/path}.
     *
     * @throws BundleException when the URL is not one of those
     */
    public static MavenRepository of(String url) throws BundleException {
        String trimmed = url.strip();
        URI uri;
        try {
            uri = new URI(trimmed.endsWith("/") ? trimmed : trimmed + "/");
        } catch (URISyntaxException e) {
            throw new BundleException("'" + url + "' is not a Maven repository URL: " + e.getReason()
                    + "; use https://..., http://... or file:/path", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "file").contains(scheme)) {
            throw new BundleException("'" + url + "' is not a Maven repository URL; use https://..., http://... or file:/path");
        }
        return new MavenRepository(uri);
    }

    /**
     * The repository to use: {@code env} (from {@value #ENV}) when set, else {@code configured}
     * (the config file's key), else Maven Central.
     */
    public static MavenRepository choose(String env, String configured) throws BundleException {
        if (env != null && !env.isBlank()) {
            return of(env);
        }
        if (configured != null && !configured.isBlank()) {
            return of(configured);
        }
        return of(CENTRAL);
    }

    /**
     * Whether downloads travel unencrypted over the network: an {@code http://} repository whose
     * host is not this machine (localhost, 127.0.0.0/8, ::1). Decided on the URL alone, no lookup.
     */
    public boolean plainHttpOverNetwork() {
        if (!"http".equalsIgnoreCase(base.getScheme())) {
            return false;
        }
        String host = base.getHost() == null ? "" : base.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean loopback = host.equals("localhost") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")
                || host.matches("127(\\.\\d{1,3}){3}");
        return !loopback;
    }

    /** The root URL, ending in a slash. */
    public URI base() {
        return base;
    }

    /** What {@code maven-metadata.xml} lists, in its order (oldest first by convention). */
    public List<String> versions(String groupId, String artifactId) throws BundleException {
        String relative = Artifact.artifactPath(groupId, artifactId) + "/maven-metadata.xml";
        byte[] xml = small(relative).orElseThrow(() -> new BundleException(
                "the Maven repository " + base + " has no " + groupId + ":" + artifactId + " (no " + relative + ")"));
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            NodeList nodes = doc.getElementsByTagName("version");
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                if (nodes.item(i).getParentNode() != null && "versions".equals(nodes.item(i).getParentNode().getNodeName())) {
                    out.add(nodes.item(i).getTextContent().strip());
                }
            }
            return out;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new BundleException("cannot read " + base + relative + ": " + e.getMessage(), e);
        }
    }

    /**
     * The checksum the repository publishes for {@code artifact}: SHA-256 when there is a
     * {@code .sha256} file, else SHA-1.
     *
     * @throws BundleException when neither is published, or one is not a hex digest
     */
    public PublishedChecksum checksum(Artifact artifact) throws BundleException {
        for (String[] kind : new String[][] {{"sha256", "SHA-256", "64"}, {"sha1", "SHA-1", "40"}}) {
            Optional<byte[]> text = small(artifact.path() + "." + kind[0]);
            if (text.isPresent()) {
                String content = new String(text.get(), StandardCharsets.US_ASCII).strip();
                String hex = content.isEmpty() ? "" : content.split("\\s+")[0].toLowerCase(Locale.ROOT);
                if (hex.length() != Integer.parseInt(kind[2]) || !isHex(hex)) {
                    throw new BundleException(base + artifact.path() + "." + kind[0] + " is not a " + kind[1]
                            + " checksum ('" + abbreviate(content) + "'); cannot verify " + artifact);
                }
                return new PublishedChecksum(kind[1], hex);
            }
        }
        throw new BundleException("the Maven repository " + base + " publishes no .sha256 or .sha1 for " + artifact
                + "; Stackyard installs nothing it cannot verify");
    }

    /** The detached OpenPGP signature published beside {@code artifact} ({@code .asc}), if any. */
    public Optional<byte[]> signature(Artifact artifact) throws BundleException {
        return small(artifact.path() + ".asc");
    }

    /** The artifact's bytes, with its length when known (else -1). The caller closes the stream. */
    public Opened open(Artifact artifact) throws BundleException {
        URI uri = base.resolve(artifact.path());
        try {
            if (isFile()) {
                Path p = Path.of(uri);
                return new Opened(Files.newInputStream(p), Files.size(p));
            }
            HttpResponse<InputStream> r = client().send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                r.body().close();
                throw new BundleException("cannot download " + uri + ": HTTP " + r.statusCode());
            }
            return new Opened(r.body(), r.headers().firstValueAsLong("content-length").orElse(-1));
        } catch (NoSuchFileException e) {
            throw new BundleException("the Maven repository " + base + " has no " + artifact + " (no " + uri + ")", e);
        } catch (IOException e) {
            throw new BundleException("cannot download " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallCancelledException("downloading " + artifact);
        }
    }

    /** An open download. */
    public record Opened(InputStream in, long length) {
    }

    /** A published digest: {@code algorithm} as {@link java.security.MessageDigest} names it, lower-case hex. */
    public record PublishedChecksum(String algorithm, String hex) {
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
            http = null;
        }
    }

    @Override
    public String toString() {
        return base.toString();
    }

    private boolean isFile() {
        return "file".equalsIgnoreCase(base.getScheme());
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }

    /** A small file, or empty when the repository has none by that name (404 / missing file). */
    private Optional<byte[]> small(String relative) throws BundleException {
        URI uri = base.resolve(relative);
        try {
            if (isFile()) {
                return Optional.of(Files.readAllBytes(Path.of(uri)));
            }
            HttpResponse<byte[]> r = client().send(HttpRequest.newBuilder(uri).timeout(SMALL_FILE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 404) {
                return Optional.empty();
            }
            if (r.statusCode() != 200) {
                throw new BundleException("cannot read " + uri + ": HTTP " + r.statusCode());
            }
            return Optional.of(r.body());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BundleException("cannot read " + uri + ": " + e.getMessage()
                    + "; check the network, or point " + ENV + " at a reachable repository", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallCancelledException("reading " + uri);
        }
    }

    private static boolean isHex(String s) {
        try {
            HexFormat.of().parseHex(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
