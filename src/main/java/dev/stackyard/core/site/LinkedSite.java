package dev.stackyard.core.site;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@code sites:} entry with a {@code name}: {@code dir} served at {@code http://NAME.localhost:PORT/}.
 *
 * @param name   a DNS label ({@link SiteNames#valid}), unique among the sites
 * @param dir    the project folder (absolute); the web root inside it is detected ({@link WebRoots})
 * @param php    PHP version ("8.2") whose php-fpm service runs its scripts, or null for the nginx
 *               service's own {@code php} service
 * @param web    id of the nginx service that serves it, or null for the first nginx service
 * @param secure also served over HTTPS with a certificate of the local CA
 * @param nginx  a file of nginx lines put into its server block ({@link SiteSnippets}), or null
 */
public record LinkedSite(String name, Path dir, String php, String web, boolean secure, Path nginx) {
    public LinkedSite {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dir, "dir");
    }

    /** A site without nginx lines of its own. */
    public LinkedSite(String name, Path dir, String php, String web, boolean secure) {
        this(name, dir, php, web, secure, null);
    }

    public LinkedSite withSecure(boolean on) {
        return new LinkedSite(name, dir, php, web, on, nginx);
    }

    public LinkedSite withPhp(String version) {
        return new LinkedSite(name, dir, version, web, secure, nginx);
    }
}
