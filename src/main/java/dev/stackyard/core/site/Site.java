package dev.stackyard.core.site;

import java.nio.file.Path;

/**
 * A site as it is served now: resolved from its config entry (a link, or a sub-folder of a parked
 * folder) against the configured services and the disk.
 *
 * @param name       DNS label; the URL is {@code http://NAME.localhost:PORT/}
 * @param dir        the project folder
 * @param root       the detected web root inside it
 * @param phpVersion the version the entry asks for, or null (the nginx service's php-fpm)
 * @param phpService id of the php-fpm service that runs its scripts, or null (static files only)
 * @param web        id of the nginx service that serves it
 * @param port       that nginx service's port
 * @param tlsPort    the port of its HTTPS listener ({@link SiteResolver#tlsPort})
 * @param secure     also served over HTTPS
 * @param parkedIn   the parked folder it comes from, or null for a linked site
 * @param broken     why it is not served (folder gone, unreadable, no php-fpm for its version, nginx
 *                   lines another account could change), or null when it is served
 * @param nginx      the file of nginx lines its server block includes, or null
 */
public record Site(String name, Path dir, Path root, String phpVersion, String phpService, String web, int port,
                   int tlsPort, boolean secure, Path parkedIn, String broken, Path nginx) {

    public String url() {
        return "http://" + name + ".localhost:" + port + "/";
    }

    /** The HTTPS URL when secure, else the HTTP one. */
    public String preferredUrl() {
        return secure ? "https://" + name + ".localhost:" + tlsPort + "/" : url();
    }

    public boolean served() {
        return broken == null;
    }

    public String host() {
        return name + ".localhost";
    }
}
