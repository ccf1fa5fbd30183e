package dev.stackyard.core.service;


import java.util.List;

/**
 * What an nginx service serves besides its default server: the sites layer's {@code server} blocks
 * (see {@code dev.stackyard.core.site}). The nginx manager writes {@link #render} to
 * {@code NginxManager.sitesFile()} at every start, and the registry starts {@link #phpServices}
 * before the nginx service. Implementations are called from any thread and must be thread-safe.
 */
public interface NginxSites {

    /** Serves no sites: an empty include, no dependencies, no extra port. */
    NginxSites NONE = new NginxSites() {
        @Override
        public String render(ServiceManager web) {
            return "# No sites.\n";
        }

        @Override
        public List<String> phpServices(String webId) {
            return List.of();
        }

        @Override
        public List<Integer> ports(String webId) {
            return List.of();
        }
    };

    /**
     * The http-level text of {@code sites.conf} for {@code web} (an nginx service's manager: the
     * sites code knows its kind; the engine does not) as the sites are now (parked folders read
     * afresh). May create files the text refers to (certificates).
     *
     * @throws ServiceException when the text cannot be made, with a sentence naming the site
     */
    String render(ServiceManager web);

    /** php-fpm service ids that {@code webId}'s sites pass PHP to. */
    List<String> phpServices(String webId);

    /** Extra TCP ports {@code webId} listens on for its sites (the HTTPS port when a site is secure). */
    List<Integer> ports(String webId);
}
