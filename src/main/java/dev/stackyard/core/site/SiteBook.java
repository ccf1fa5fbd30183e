package dev.stackyard.core.site;

import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.kind.nginx.NginxManager;
import dev.stackyard.core.service.NginxSites;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.ServiceDefinition;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The sites as the running Stackyard knows them: the current {@code sites:} config and services,
 * replaced as a whole by {@link #update} whenever the config is (re)loaded. It is the
 * {@link NginxSites} the nginx services render from at start, so a started nginx always serves
 * the current sites (parked folders read at that moment).
 *
 * <p>Thread-safe: the state is one immutable snapshot behind a volatile field.
 */
public final class SiteBook implements NginxSites {
    private record State(SiteConfig config, List<ServiceDefinition> services) {
    }

    private final Installations installations;
    private final CertificateAuthority ca;
    private volatile State state = new State(SiteConfig.EMPTY, List.of());

    /** @param dataDir Stackyard's data folder; certificates go to {@code DATA/sites/tls} */
    public SiteBook(Path dataDir, Installations installations) {
        this(installations, new CertificateAuthority(dataDir.resolve("sites").resolve("tls")));
    }

    public SiteBook(Installations installations, CertificateAuthority ca) {
        this.installations = Objects.requireNonNull(installations, "installations");
        this.ca = Objects.requireNonNull(ca, "ca");
    }

    /** Replaces what this book knows (call after every config load). */
    public void update(SiteConfig config, List<ServiceDefinition> services) {
        state = new State(Objects.requireNonNull(config, "config"), List.copyOf(services));
    }

    public SiteConfig config() {
        return state.config();
    }

    public List<ServiceDefinition> services() {
        return state.services();
    }

    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    public SiteResolver resolver() {
        return new SiteResolver(state.services(), installations);
    }

    /** Every site, broken ones included, as of now. */
    public List<Site> sites() {
        State s = state;
        return new SiteResolver(s.services(), installations).resolve(s.config());
    }

    /** {@code web}'s sites.conf for {@code config} (a candidate, or the current one). */
    public SiteRenderer.Rendered render(NginxManager web, SiteConfig config) {
        List<Site> served = new SiteResolver(state.services(), installations).served(config, web.id());
        return SiteRenderer.render(web, served, ca);
    }

    @Override
    public String render(ServiceManager service) {
        NginxManager web = (NginxManager) service; // only nginx services render sites (servesSites)
        return render(web, state.config()).text();
    }

    @Override
    public List<String> phpServices(String webId) {
        State s = state;
        return new SiteResolver(s.services(), installations).served(s.config(), webId).stream()
                .map(Site::phpService).filter(Objects::nonNull).distinct().toList();
    }

    @Override
    public List<Integer> ports(String webId) {
        State s = state;
        return new SiteResolver(s.services(), installations).served(s.config(), webId).stream()
                .filter(Site::secure).map(Site::tlsPort).distinct().toList();
    }
}
