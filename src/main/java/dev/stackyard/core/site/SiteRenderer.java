package dev.stackyard.core.site;

import dev.stackyard.core.service.kind.nginx.NginxManager;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.Templates;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders one nginx service's {@code sites.conf}: one {@code server} block per served site
 * ({@code server_name NAME.localhost}, its web root, PHP to its php-fpm service's socket, and an
 * HTTPS listener with its certificate when secure), plus a marker server that answers this
 * rendering's generation token, so a reload can be seen to have taken effect.
 */
public final class SiteRenderer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SITE_START = Pattern.compile("^\\s*# site ([a-z0-9-]+):");
    private static final Pattern SITE_END = Pattern.compile("^\\s*# end of site ([a-z0-9-]+)$");
    private static final Pattern GENERATION = Pattern.compile("return 200 \"([0-9a-f]{16})\";");
    private static final Pattern LINES_START = Pattern.compile("^\\s*# nginx lines of site [a-z0-9-]+ from (.*)$");
    private static final Pattern LINES_END = Pattern.compile("^\\s*# end of the nginx lines of site [a-z0-9-]+$");

    /** The text and its generation token. */
    public record Rendered(String text, String generation) {
    }

    private SiteRenderer() {
    }

    /**
     * @param sites the served sites of {@code web} (broken ones are left out by the caller)
     * @param ca    makes the certificates of secure sites that have none yet
     * @throws ServiceException naming the site whose path nginx cannot use
     */
    public static Rendered render(NginxManager web, List<Site> sites, CertificateAuthority ca) {
        StringBuilder blocks = new StringBuilder();
        for (Site site : sites) {
            String tls = "";
            if (site.secure()) {
                ca.ensureCertificate(site.name());
                tls = "        listen 127.0.0.1:" + site.tlsPort() + " ssl;\n"
                        + "        ssl_certificate \"" + web.quotable(ca.certificate(site.name())) + "\";\n"
                        + "        ssl_certificate_key \"" + web.quotable(ca.key(site.name())) + "\";";
            }
            blocks.append(Templates.render("nginx/site.conf", Map.of(
                    "name", site.name(),
                    "dir", site.dir().toString().replace("\n", " "),
                    "listen", "127.0.0.1:" + web.port(),
                    "tls", tls,
                    "host", site.host(),
                    "root", web.quotable(site.root()),
                    "locations", web.locations(site.phpService()).stripTrailing() + ownLines(site))));
        }
        String generation = HexFormat.of().formatHex(bytes());
        String text = Templates.render("nginx/sites.conf", Map.of(
                "id", web.id(),
                "port", Integer.toString(web.port()),
                "generation", generation,
                "sites", blocks.toString().stripTrailing()));
        return new Rendered(text + "\n", generation);
    }

    /**
     * The site's own nginx lines ({@link SiteSnippets}), copied as they are after Stackyard's
     * locations (so the dotfile rule, a regex location, comes first and still wins), between
     * markers that let a rejection name the file and its line.
     */
    private static String ownLines(Site site) {
        if (site.nginx() == null) {
            return "";
        }
        String text = SiteSnippets.read(site.name(), site.nginx());
        return "\n\n        # nginx lines of site " + site.name() + " from " + site.nginx().toString().replace("\n", " ") + "\n"
                + text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n")
                + "        # end of the nginx lines of site " + site.name();
    }

    /**
     * Where line {@code line} (1-based) of {@code text} comes from when it is one of a site's own
     * nginx lines: {@code FILE:LINE} of that file.
     */
    public static Optional<String> ownLineAt(String text, int line) {
        List<String> lines = text.lines().toList();
        String file = null;
        int start = 0;
        for (int i = 0; i < Math.min(line, lines.size()); i++) {
            Matcher m = LINES_START.matcher(lines.get(i));
            if (m.find()) {
                file = m.group(1);
                start = i + 1;
            } else if (LINES_END.matcher(lines.get(i)).find()) {
                file = null;
            }
        }
        return file == null || line - 1 < start ? Optional.empty() : Optional.of(file + ":" + (line - start));
    }

    /**
     * Whether the sites file {@code live} serves the same sites as {@code fresh}: the same text
     * but for the generation token, which every rendering draws anew.
     */
    public static boolean sameSites(String live, Rendered fresh) {
        Matcher m = GENERATION.matcher(live);
        if (!m.find()) {
            return false;
        }
        return live.replace(m.group(1), fresh.generation()).equals(fresh.text());
    }

    /** The site whose block holds line {@code line} (1-based) of {@code text}, if any. */
    public static Optional<String> siteAtLine(String text, int line) {
        List<String> lines = text.lines().toList();
        String current = null;
        for (int i = 0; i < Math.min(line, lines.size()); i++) {
            Matcher start = SITE_START.matcher(lines.get(i));
            if (start.find()) {
                current = start.group(1);
            } else if (SITE_END.matcher(lines.get(i)).find()) {
                current = null;
            }
        }
        return Optional.ofNullable(current);
    }

    /**
     * The site whose block mentions one of the quoted paths in {@code message} (nginx names the
     * certificate or key it failed to load without a line number).
     */
    public static Optional<String> siteMentioned(String text, String message) {
        Matcher quoted = Pattern.compile("\"([^\"]+)\"").matcher(message);
        while (quoted.find()) {
            String needle = quoted.group(1);
            String current = null;
            for (String line : text.lines().toList()) {
                Matcher start = SITE_START.matcher(line);
                if (start.find()) {
                    current = start.group(1);
                } else if (SITE_END.matcher(line).find()) {
                    current = null;
                } else if (current != null && line.contains(needle)) {
                    return Optional.of(current);
                }
            }
        }
        return Optional.empty();
    }

    private static byte[] bytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
