package dev.stackyard.usecase;

import dev.stackyard.config.AppDirs;
import dev.stackyard.config.Config;
import dev.stackyard.config.ConfigException;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.config.ConfigWatcher;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.VersionCache;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceListener;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.site.ParkedDir;
import dev.stackyard.core.site.ParkedFolderWatch;
import dev.stackyard.core.site.SiteBook;
import dev.stackyard.core.site.SiteException;
import dev.stackyard.usecase.SiteService;
import dev.stackyard.usecase.StackControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A front end's hold on the engine, for its whole life: the config store, one process manager and
 * one service registry. The window, the CLI and the tray all use it.
 *
 * <p>Every config change (an add or remove made here, {@link #reload()}, or, once
 * {@link #watchConfig()} was called, the file changed on disk by the CLI or an editor) is applied
 * to the same registry as a diff (see {@link ServiceRegistry#applyConfig}): services that run keep
 * running and keep being watched. A config that does not validate leaves the services as they
 * are; {@link #configProblem()} and the listeners say what is wrong until it is fixed.
 *
 * <p>Thread-safe. Config changes are applied one at a time.
 */
public final class StackyardSession implements StackControl, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StackyardSession.class);
    /** How long the config file must be quiet before a change is applied (editors write in bursts). */
    static final Duration CONFIG_DEBOUNCE = Duration.ofMillis(150);

    private final AppDirs dirs;
    private final ConfigStore store;
    private final Installations installations;
    private final SiteBook siteBook;
    private final ProcessManager processes;
    private final ServiceRegistry registry;
    private final Object reloading = new Object();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ServiceListener forward = snapshot -> listeners.forEach(l -> l.changed(snapshot));
    private volatile List<ServiceDefinition> definitions = List.of();
    private volatile boolean loaded;
    private volatile ConfigException problem;
    private ConfigWatcher watcher;
    private ParkedFolderWatch parkedWatch;
    private final MailBoxes mail = MailBoxes.of(this::loadedRegistry);

    /**
     * Creates Stackyard's folders, the process manager (one that adopts and watches what other front
     * ends started, as the window needs) and an empty registry; loads no config yet (see {@link #reload()}).
     *
     * @throws IOException when the folders cannot be created
     */
    public StackyardSession(AppDirs dirs) throws IOException {
        this(dirs, true);
    }

    /**
     * @param watchAdopted false for a one-shot CLI call: processes other front ends started are
     *                     looked at, not adopted and watched (see the process manager's constructor)
     */
    public StackyardSession(AppDirs dirs, boolean watchAdopted) throws IOException {
        this.dirs = dirs;
        dirs.ensureCreated();
        this.store = new ConfigStore(dirs);
        this.installations = Installations.load(AppVersions.bundleDir(dirs),
                VersionCache.at(dirs.runDir().resolve(".version-answers")));
        this.siteBook = new SiteBook(dirs.dataDir(), installations);
        ServiceEnvironment env = new ServiceEnvironment(dirs.dataDir(), dirs.runDir(), dirs.logDir(), installations,
                siteBook, new MailCommandLine(() -> definitions));
        this.processes = new ProcessManager(env.processStateDir(), watchAdopted);
        this.registry = new ServiceRegistry(List.of(), env, processes);
        registry.addListener(forward);
    }

    public AppDirs dirs() {
        return dirs;
    }

    @Override
    public java.util.Optional<dev.stackyard.usecase.VersionControl> versions() {
        return java.util.Optional.of(new AppVersions(dirs, installations, () -> store.load().services()));
    }

    public Path configFile() {
        return store.file();
    }

    public ConfigStore configStore() {
        return store;
    }

    public Installations installations() {
        return installations;
    }

    /**
     * The site commands over this session's config store and registry (loading the config first
     * when no reload did yet). A php-fpm service a command adds to the config is applied at once,
     * through {@link #reload()}.
     */
    public SiteService sites() {
        return new SiteService(store, siteBook, installations, () -> {
            if (!loaded) {
                reloadForSites();
            }
            return registry;
        }, this::reloadForSites);
    }

    /**
     * The mail services of this session's registry (the config loaded first when no reload did
     * yet), with one client each; closed with the session.
     */
    public MailBoxes mail() {
        return mail;
    }

    private ServiceRegistry loadedRegistry() {
        if (!loaded) {
            reloadForSites();
        }
        return registry;
    }

    private void reloadForSites() {
        try {
            reload();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The one registry of this session. */
    public ServiceRegistry registry() {
        return registry;
    }

    /** Whether a config has been loaded (a {@link #reload()} succeeded once). */
    public boolean loaded() {
        return loaded;
    }

    @Override
    public Optional<ConfigException> configProblem() {
        return Optional.ofNullable(problem);
    }

    /**
     * Applies the config file to the running registry. When the file does not validate, nothing
     * changes, the problem is kept for {@link #configProblem()} and told to the listeners, and the
     * exception is thrown.
     */
    @Override
    public void reload() throws IOException, ConfigException {
        synchronized (reloading) {
            Config config;
            try {
                config = store.load();
            } catch (ConfigException e) {
                setProblem(e);
                throw e;
            }
            installations.rescan(); // a reload is also how newly installed versions are found
            siteBook.update(config.sites(), config.services()); // what nginx renders at its next start
            rewatchParked();
            ServiceRegistry.ConfigChange change = registry.applyConfig(config.services());
            definitions = List.copyOf(config.services());
            loaded = true;
            setProblem(null);
            List<ServiceSnapshot> all = registry.snapshots();
            log.info("config {}: {} services ({})", store.file(), all.size(), change);
            listeners.forEach(l -> l.reloaded(all));
        }
    }

    private void setProblem(ConfigException e) {
        ConfigException before = problem;
        problem = e;
        if (before != e) {
            listeners.forEach(l -> l.configChecked(Optional.ofNullable(e)));
        }
    }

    /**
     * From now on, applies changes of the config file made elsewhere (the CLI, an editor) within a
     * moment, through {@link #reload()}, and serves a sub-folder made in (or removed from) a parked
     * folder within a moment ({@link SiteService#serveParkedChanges}). The window and
     * {@code stackyard run} call it. Once; closing the session stops it.
     *
     * @throws IOException when the config folder cannot be watched
     */
    public synchronized void watchConfig() throws IOException {
        if (watcher == null) {
            watcher = new ConfigWatcher(store.file(), CONFIG_DEBOUNCE, this::reloadQuietly);
        }
        if (parkedWatch == null) {
            // First catches up with what changed in the parked folders while no window or `run` watched.
            parkedWatch = new ParkedFolderWatch(SiteService.PARKED_QUIET, true, this::serveParked);
            rewatchParked();
        }
    }

    private synchronized void rewatchParked() {
        if (parkedWatch != null) {
            parkedWatch.watch(siteBook.config().parked().stream().map(ParkedDir::dir).toList());
        }
    }

    /**
     * A sub-folder of a parked folder came, went or changed: the running nginx services serve the
     * parked folders as they are now, checked as every change is (on the watch's thread).
     */
    private void serveParked() {
        if (!loaded) {
            return;
        }
        try {
            sites().serveParkedChanges().forEach((web, outcome) -> log.info("parked folders changed: {} {}", web, outcome));
        } catch (SiteException e) {
            log.warn("parked folders changed, but {}", e.getMessage());
        } catch (RuntimeException e) {
            log.error("serving the changed parked folders failed", e);
        }
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (ConfigException e) {
            log.warn("{}", e.getMessage()); // shown in the window until fixed
        } catch (IOException | RuntimeException e) {
            log.error("applying the changed config {} failed", store.file(), e);
        }
    }

    @Override
    public List<ServiceSnapshot> snapshots() {
        return registry.snapshots();
    }

    @Override
    public Runnable subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Never waits on a lock another thread or Stackyard process holds (see {@link ServiceRegistry#refresh()}). */
    @Override
    public void refresh() {
        registry.refresh();
    }

    @Override
    public Map<String, ServiceRegistry.Outcome> start(Collection<String> ids) {
        return registry.start(ids);
    }

    @Override
    public Map<String, ServiceRegistry.Outcome> stop(Collection<String> ids) {
        return registry.stop(ids);
    }

    /**
     * Stops every configured service (adopted ones included), then anything else this home's run
     * folder records as running: a service taken out of the config by hand while it ran, or, when
     * the config cannot be read, everything.
     */
    @Override
    public Map<String, ServiceRegistry.Outcome> stopAll() {
        // One deadline, the longest graceful stop: quitting takes that plus a KILL at most.
        Map<String, ServiceRegistry.Outcome> outcomes = registry.stopAll(registry.largestStopGrace());
        try {
            if (!processes.recordedIds().isEmpty()) {
                processes.stopAll(null).forEach((id, result) ->
                        log.info("stopped {}, which is not in the config ({})", id, result.outcome()));
            }
        } catch (RuntimeException e) {
            log.warn("could not stop processes outside the config: {}", e.getMessage());
        }
        return outcomes;
    }

    @Override
    public ServiceSnapshot restart(String id) {
        return registry.restart(id);
    }

    @Override
    public List<String> autostartIds() {
        return definitions.stream().filter(ServiceDefinition::autostart).map(ServiceDefinition::id).toList();
    }

    @Override
    public List<String> installedVersions(ServiceKind kind) {
        return installations.find(kind).stream().map(Installation::version).toList();
    }

    @Override
    public void addService(ServiceDefinition definition) throws IOException, ConfigException {
        store.addService(definition);
        reload();
    }

    /**
     * The one way to remove a service (window and {@code stackyard remove}): stops it, takes it out
     * of the config, deletes its data only when asked, and applies the config.
     *
     * @return the files and folders deleted (empty when not asked, or when there was no data yet)
     * @throws IllegalArgumentException when there is no such service, or data is to be deleted of a
     *         kind that keeps none
     * @throws dev.stackyard.core.service.ServiceException when there is no such service or it cannot be stopped
     */
    @Override
    public java.util.List<java.nio.file.Path> removeService(String id, boolean deleteData) throws IOException, ConfigException {
        ServiceManager manager = registry.manager(id).orElseThrow(() -> new IllegalArgumentException("no service '" + id + "'"));
        if (deleteData && !manager.definition().kind().spec().keepsData()) {
            throw new IllegalArgumentException(id + " is a " + manager.definition().kind() + " service, which keeps no data");
        }
        registry.stop(id);
        manager = registry.manager(id).orElseThrow(); // a config change may have swapped it meanwhile
        store.removeService(id);
        java.util.List<java.nio.file.Path> deleted = java.util.List.of();
        if (deleteData) {
            deleted = manager.deleteData();
            log.info("deleted the data of {}: {}", id, deleted);
        }
        reload();
        return deleted;
    }

    /**
     * Stops watching the config and the processes, and ends this session's threads; services keep
     * running (quitting stops them first, through {@link #stopAll()}).
     */
    @Override
    public void close() {
        ConfigWatcher w;
        ParkedFolderWatch p;
        synchronized (this) {
            w = watcher;
            watcher = null;
            p = parkedWatch;
            parkedWatch = null;
        }
        if (w != null) {
            w.close();
        }
        if (p != null) {
            p.close();
        }
        registry.removeListener(forward);
        mail.close();
        registry.close();
        processes.close();
    }
}
