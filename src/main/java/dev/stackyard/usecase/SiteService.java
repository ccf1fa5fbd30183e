package dev.stackyard.usecase;

import dev.stackyard.config.Config;
import dev.stackyard.config.ConfigException;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.kind.nginx.NginxManager;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.service.probe.PortHolder;
import dev.stackyard.core.site.SiteKinds;
import dev.stackyard.core.site.LinkedSite;
import dev.stackyard.core.site.NginxReloader;
import dev.stackyard.core.site.ParkedDir;
import dev.stackyard.core.site.ParkedFolderWatch;
import dev.stackyard.core.site.SiteRenderer;
import dev.stackyard.core.site.Site;
import dev.stackyard.core.site.SiteBook;
import dev.stackyard.core.site.SiteConfig;
import dev.stackyard.core.site.SiteException;
import dev.stackyard.core.site.SiteNames;
import dev.stackyard.core.site.SiteResolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a person does with sites, for the CLI and the window alike: each command checks its input,
 * edits {@code stackyard.yaml} line by line (through {@link ConfigStore}, which keeps a .bak), and
 * applies the result to running nginx services with a checked graceful reload
 * ({@link NginxReloader}). Slow (file I/O, openssl, nginx -t, waiting for a reload): never call it
 * on the FX thread. Not thread-safe: one caller at a time (the config store and the reloader's
 * lock keep separate processes consistent).
 */
public final class SiteService {
    static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(15);
    /** How long parked folders must be quiet before their change is acted on ({@code git clone} writes in bursts). */
    public static final Duration PARKED_QUIET = Duration.ofMillis(50);

    private final ConfigStore store;
    private final SiteBook book;
    private final Installations installations;
    private final Supplier<ServiceRegistry> registry;
    private final Runnable servicesChanged;

    /**
     * @param registry        the registry to reload through; asked for only after config edits, so a
     *                        lazily built one sees a php-fpm service a link added
     * @param servicesChanged called after a command added a service (a php-fpm for a new version)
     */
    public SiteService(ConfigStore store, SiteBook book, Installations installations,
                       Supplier<ServiceRegistry> registry, Runnable servicesChanged) {
        this.store = store;
        this.book = book;
        this.installations = installations;
        this.registry = registry;
        this.servicesChanged = servicesChanged;
    }

    /** What a command changed and how each nginx service took it. */
    public record Result(String message, Map<String, NginxReloader.Outcome> applied) {
        /** One line per nginx service, for people. */
        public List<String> describe() {
            List<String> out = new ArrayList<>();
            applied.forEach((web, outcome) -> out.add(switch (outcome) {
                case RELOADED -> web + " reloaded";
                case WRITTEN -> web + " is not running; it serves the sites once started (stackyard start " + web + ")";
                case NOT_INSTALLED -> web + ": nginx is not installed";
            }));
            return out;
        }
    }

    /** Reads the config again into the site book. */
    public void refresh() throws IOException, ConfigException {
        Config config = store.load();
        book.update(config.sites(), config.services());
    }

    /** Every site (broken ones included, with the reason), as of now. */
    public List<Site> list() {
        return book.sites();
    }

    public Optional<Site> find(String name) {
        return list().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The installed php-fpm versions, newest first. */
    public List<String> phpVersions() {
        return installations.find(SiteKinds.phpFpm()).stream().map(Installation::version).toList();
    }

    /**
     * Links {@code dir} as site {@code name} (default: the folder's name made DNS-safe), PHP
     * {@code php} (default: the nginx service's php-fpm) on nginx service {@code web} (default:
     * the first). A php-fpm service for a version no configured one runs is added to the config.
     */
    public Result link(Path dir, String name, String php, String web) throws IOException, ConfigException {
        refresh();
        Path folder = folder(dir);
        String siteName = name != null ? name : SiteNames.fromFolder(folder.getFileName().toString())
                .orElseThrow(() -> new SiteException("the folder name '" + folder.getFileName()
                        + "' has no letters or digits to name the site after; give one with --name"));
        SiteNames.problem(siteName).ifPresent(p -> {
            throw new SiteException(p);
        });
        if (book.config().link(siteName).isPresent()) {
            throw new SiteException("a site named '" + siteName + "' is already linked (to "
                    + book.config().link(siteName).get().dir() + "); unlink it first or choose another --name");
        }
        String webId = web(web);
        String added = ensurePhp(php);
        LinkedSite site = new LinkedSite(siteName, folder, php, web, false);
        preflight(webId, book.config().with(site));
        Config config = store.addSite(site);
        book.update(config.sites(), config.services());
        String message = "linked " + siteName + ": " + find(siteName).map(Site::url).orElse("")
                + (added == null ? "" : " (added php-fpm service " + added + " for PHP " + php + ")");
        return new Result(message, apply(Set.of(webId)));
    }

    /** Parks {@code dir}: each of its sub-folders is a site, now and after later reloads. */
    public Result park(Path dir, String php, String web) throws IOException, ConfigException {
        refresh();
        Path folder = folder(dir);
        if (book.config().park(folder).isPresent()) {
            throw new SiteException(folder + " is already parked");
        }
        String webId = web(web);
        String added = ensurePhp(php);
        ParkedDir park = new ParkedDir(folder, php, web);
        preflight(webId, book.config().with(park));
        Config config = store.addPark(park);
        book.update(config.sites(), config.services());
        long count = list().stream().filter(s -> folder.equals(s.parkedIn())).count();
        String message = "parked " + folder + ": " + count + " site" + (count == 1 ? "" : "s")
                + (added == null ? "" : " (added php-fpm service " + added + " for PHP " + php + ")");
        return new Result(message, apply(Set.of(webId)));
    }

    /** Unlinks the linked site {@code name}; its folder is left alone. */
    public Result unlink(String name) throws IOException, ConfigException {
        refresh();
        Site site = existing(name);
        if (book.config().link(name).isEmpty()) {
            throw new SiteException("'" + name + "' comes from the parked folder " + site.parkedIn()
                    + "; unpark that folder, or move the sub-folder out of it");
        }
        Config config = store.removeSite(name);
        book.update(config.sites(), config.services());
        return new Result("unlinked " + name + " (its folder " + site.dir() + " was not touched)", apply(Set.of(site.web())));
    }

    /** Stops parking {@code dir}; its sub-folders are left alone. */
    public Result unpark(Path dir) throws IOException, ConfigException {
        refresh();
        Path folder = dir.toAbsolutePath().normalize();
        ParkedDir park = book.config().park(folder)
                .orElseThrow(() -> new SiteException(folder + " is not parked"));
        String webId = web(park.web());
        Config config = store.removePark(folder);
        book.update(config.sites(), config.services());
        return new Result("unparked " + folder, apply(Set.of(webId)));
    }

    /** Serves {@code name} over HTTPS too ({@code on}), or stops doing so. */
    public Result secure(String name, boolean on) throws IOException, ConfigException {
        refresh();
        Site site = existing(name);
        if (site.secure() == on) {
            return new Result(name + " is already " + (on ? "secure: " + site.preferredUrl() : "plain HTTP"), Map.of());
        }
        if (on) {
            tlsPortFree(site);
            book.certificateAuthority().ensureCertificate(name); // openssl problems before any edit
        }
        Config config = change(site, l -> l.withSecure(on));
        book.update(config.sites(), config.services());
        return new Result(on ? "secured " + name + ": https://" + site.host() + ":" + site.tlsPort() + "/"
                : name + " is plain HTTP again: " + site.url(), apply(Set.of(site.web())));
    }

    /** Runs {@code name}'s PHP on {@code version} (null: the nginx service's php-fpm). */
    public Result php(String name, String version) throws IOException, ConfigException {
        refresh();
        Site site = existing(name);
        String added = ensurePhp(version);
        Config config = change(site, l -> l.withPhp(version));
        book.update(config.sites(), config.services());
        return new Result(name + " runs PHP " + (version == null ? "of " + site.web() : version)
                + (added == null ? "" : " (added php-fpm service " + added + ")"), apply(Set.of(site.web())));
    }

    /** Renders every nginx service's sites again (parked folders re-read) and reloads the running ones. */
    public Result reload() throws IOException, ConfigException {
        refresh();
        Set<String> webs = new LinkedHashSet<>();
        book.services().stream().filter(s -> SiteKinds.servesSites(s.kind())).forEach(s -> webs.add(s.id()));
        return new Result(list().size() + " site" + (list().size() == 1 ? "" : "s"), apply(webs));
    }

    /**
     * Serves what the parked folders hold now, without reading the config again (the session's
     * config watch keeps the site book current): every running nginx service with a parked folder
     * whose live {@code sites.conf} differs from a fresh render (generation token aside) gets the
     * fresh one through the same checked reload as every change; the others are left alone, so a
     * change in a folder that moves nothing reloads nothing.
     *
     * @return the nginx services this applied to, and how
     * @throws SiteException when nginx rejects the new sites (the running ones keep serving)
     */
    public Map<String, NginxReloader.Outcome> serveParkedChanges() {
        ServiceRegistry r = registry.get();
        Set<String> changed = new LinkedHashSet<>();
        SiteResolver resolver = book.resolver();
        for (ParkedDir park : book.config().parked()) {
            String webId = park.web() != null ? park.web() : resolver.defaultWeb().orElse(null);
            if (webId == null || changed.contains(webId)
                    || r.snapshot(webId).map(ServiceSnapshot::state).orElse(null) != ServiceState.RUNNING
                    || !(r.manager(webId).orElse(null) instanceof NginxManager web)) {
                continue;
            }
            if (!SiteRenderer.sameSites(live(web), book.render(web, book.config()))) {
                changed.add(webId);
            }
        }
        return changed.isEmpty() ? Map.of() : apply(changed);
    }

    private static String live(NginxManager web) {
        try {
            return Files.readString(web.sitesFile());
        } catch (IOException e) {
            return ""; // nothing to compare with: apply
        }
    }

    /** A watch of the parked folders for a view: see {@link #watchParked}. */
    public interface ParkedWatch extends AutoCloseable {
        /** Watches the parked folders of the config as it is now (after a command parked or unparked one). */
        void rewatch();

        @Override
        void close();
    }

    /**
     * Calls {@code onChange} (on the watch's own thread, a moment after the last event) whenever a
     * sub-folder of a parked folder is made, removed or changes its web root, until closed. Only
     * tells; reads and serves nothing itself.
     *
     * @throws IOException when no file-system watch can be made
     */
    public ParkedWatch watchParked(Runnable onChange) throws IOException {
        ParkedFolderWatch watch = new ParkedFolderWatch(PARKED_QUIET, false, onChange);
        watch.watch(book.config().parked().stream().map(ParkedDir::dir).toList());
        return new ParkedWatch() {
            @Override
            public void rewatch() {
                watch.watch(book.config().parked().stream().map(ParkedDir::dir).toList());
            }

            @Override
            public void close() {
                watch.close();
            }
        };
    }

    /** The local CA's certificate (made now when there is none). */
    public Path caCertificate() {
        return book.certificateAuthority().ensureCa();
    }

    /** Edits the site's entry (a parked site gets its own), after checking the result with nginx -t. */
    private Config change(Site site, java.util.function.UnaryOperator<LinkedSite> edit) throws IOException, ConfigException {
        Optional<LinkedSite> link = book.config().link(site.name());
        if (link.isPresent()) {
            LinkedSite changed = edit.apply(link.get());
            preflight(site.web(), book.config().with(changed));
            return store.replaceSite(changed);
        }
        // A parked site gets its own entry, which then wins over the parked folder's.
        ParkedDir park = book.config().parked().stream().filter(p -> p.dir().equals(site.parkedIn())).findFirst().orElseThrow();
        LinkedSite own = edit.apply(new LinkedSite(site.name(), site.dir(), park.php(), park.web(), false));
        preflight(site.web(), book.config().with(own));
        return store.addSite(own);
    }

    /** nginx -t on {@code web}'s sites as they would be with {@code candidate}: a rejected change is never written. */
    private void preflight(String webId, SiteConfig candidate) {
        ServiceRegistry r = registry.get();
        if (r.manager(webId).orElse(null) instanceof NginxManager web) {
            new NginxReloader(r, RELOAD_TIMEOUT).check(web, book.render(web, candidate));
        }
    }

    private Map<String, NginxReloader.Outcome> apply(Set<String> webs) {
        ServiceRegistry r = registry.get();
        NginxReloader reloader = new NginxReloader(r, RELOAD_TIMEOUT);
        Map<String, NginxReloader.Outcome> out = new java.util.LinkedHashMap<>();
        for (String webId : webs) {
            if (webId == null || !(r.manager(webId).orElse(null) instanceof NginxManager web)) {
                continue;
            }
            boolean running = r.snapshot(webId).map(ServiceSnapshot::state).orElse(null) == ServiceState.RUNNING;
            if (running) {
                List<String> php = book.phpServices(webId).stream().filter(r.ids()::contains).toList();
                r.start(php).forEach((id, outcome) -> {
                    if (!outcome.ok()) {
                        throw new SiteException(id + " (php-fpm for " + webId + "'s sites) could not start: "
                                + outcome.error().getMessage(), outcome.error().detail());
                    }
                });
            }
            out.put(webId, reloader.apply(web, book.render(web, book.config())));
        }
        return out;
    }

    private Site existing(String name) {
        return find(name).orElseThrow(() -> new SiteException("no site is named '" + name + "'; see stackyard site list"));
    }

    private String web(String web) {
        SiteResolver resolver = book.resolver();
        if (web == null) {
            return resolver.defaultWeb().orElseThrow(() -> new SiteException(
                    "no nginx service is configured to serve sites; add one to stackyard.yaml"));
        }
        boolean nginx = book.services().stream().anyMatch(s -> s.id().equals(web) && SiteKinds.servesSites(s.kind()));
        if (!nginx) {
            throw new SiteException("'" + web + "' is not a configured nginx service");
        }
        return web;
    }

    /** Makes sure a php-fpm service runs {@code version}; returns the id of one it added, else null. */
    private String ensurePhp(String version) throws IOException, ConfigException {
        if (version == null || book.resolver().phpServiceFor(version).isPresent()) {
            return null;
        }
        List<String> installed = phpVersions();
        if (!installed.contains(version)) {
            throw new SiteException("PHP " + version + " (php-fpm) is not installed; installed: "
                    + (installed.isEmpty() ? "none" : String.join(", ", installed)));
        }
        String id = "php-" + version.replace('.', '-');
        if (book.services().stream().anyMatch(s -> s.id().equals(id))) {
            throw new SiteException("a service named '" + id + "' exists but does not run PHP " + version
                    + "; give it version: \"" + version + "\" in stackyard.yaml");
        }
        Config config = store.addService(ServiceDefinition.builder(id, SiteKinds.phpFpm()).version(version).build());
        book.update(config.sites(), config.services());
        servicesChanged.run();
        return id;
    }

    private static Path folder(Path dir) {
        Path folder = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new SiteException(folder + " is not a folder");
        }
        if (!Files.isReadable(folder) || !Files.isExecutable(folder)) {
            throw new SiteException(folder + " is not readable by this account, which nginx and php-fpm run as");
        }
        return folder;
    }

    private void tlsPortFree(Site site) {
        Optional<PortHolder> holder = PortCheck.holder(site.tlsPort());
        Long nginxPid = registry.get().snapshot(site.web()).map(ServiceSnapshot::pid).orElse(null);
        if (holder.isPresent() && (nginxPid == null || holder.get().pid().isEmpty()
                || holder.get().pid().getAsLong() != nginxPid)) {
            throw new SiteException("HTTPS for " + site.web() + " needs port " + site.tlsPort() + ", but "
                    + holder.get().message() + "; free that port first");
        }
    }
}
