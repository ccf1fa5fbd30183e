package dev.stackyard.core.site;

import dev.stackyard.core.service.ServiceKind;

/**
 * The kinds the sites code is about by nature: the web server that serves the sites (any kind
 * whose descriptor {@code servesSites()}: nginx) and php-fpm, which runs their PHP. The one place
 * outside the kinds' own packages that names a kind (an ArchUnit rule allows the sites code only).
 */
public final class SiteKinds {
    private SiteKinds() {
    }

    /** Whether services of {@code kind} serve the sites (nginx). */
    public static boolean servesSites(ServiceKind kind) {
        return kind.spec().servesSites();
    }

    /** php-fpm: the kind a site's {@code php} version runs on. */
    public static ServiceKind phpFpm() {
        return ServiceKind.named("php-fpm");
    }
}
