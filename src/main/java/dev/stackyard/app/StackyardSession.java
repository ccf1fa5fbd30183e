package dev.stackyard.app;

import dev.stackyard.config.AppDirs;
import dev.stackyard.config.Config;
import dev.stackyard.config.ConfigException;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceListener;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.site.SiteBook;
import dev.stackyard.site.SiteService;
import dev.stackyard.ui.StackControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The window's hold on the engine: the config store, and a service registry built from the config
 * and rebuilt after every edit (the registry's set of services is fixed at construction).
 *
 * <p>Each rebuild makes a new registry over a new process manager, exactly as a fresh CLI
 * invocation would: the new one adopts what runs from the state records, and the old ones are
 * closed (services keep running). Rebuilds wait for operations under way (a postgres start with
 * initdb may take seconds) and operations wait for a rebuild, through a read-write lock; so no
 * start runs on a registry that is being replaced.
 *
 * <p>Thread-safe. Listeners registered here survive rebuilds.
 */
public final class StackyardSession implements StackControl, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StackyardSession.class);

    private final AppDirs dirs;
    private final ConfigStore store;
    private final Installations installations;
    private final SiteBook siteBook;
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ServiceListener forward = snapshot -> listeners.forEach(l -> l.changed(snapshot));
    private volatile Generation current;

    /** One registry with the process manager and the definitions it was built from. */
    private record Generation(ProcessManager processes, ServiceRegistry registry, List<ServiceDefinition> definitions) {
    }

    /**
     * Creates Stackyard's folders; loads nothing yet (see {@link #reload()}).
     *
     * @throws IOException when the folders cannot be created
     */
    public StackyardSession(AppDirs dirs) throws IOException {
        this.dirs = dirs;
        dirs.ensureCreated();
        this.store = new ConfigStore(dirs);
        this.installations = Installations.load(dirs.dataDir().resolve("bundles"));
        this.siteBook = new SiteBook(dirs.dataDir(), installations);
    }

    /** The site commands for the window; a php-fpm service a command adds is picked up by a reload. */
    public SiteService sites() {
        return new SiteService(store, siteBook, installations, () -> withRegistry(r -> r), () -> {
            try {
                reload();
            } catch (IOException | ConfigException e) {
                throw new IllegalStateException("cannot reload the config: " + e.getMessage(), e);
            }
        });
    }

    public AppDirs dirs() {
        return dirs;
    }

    public Path configFile() {
        return store.file();
    }

    /** Whether a config has been loaded (the first {@link #reload()} succeeded). */
    public boolean loaded() {
        return current != null;
    }

    @Override
    public void reload() throws IOException, ConfigException {
        gate.writeLock().lock();
        try {
            Config config = store.load();
            installations.rescan(); // a reload is also how newly installed versions are found
            siteBook.update(config.sites(), config.services());
            ServiceEnvironment env = new ServiceEnvironment(dirs.dataDir(), dirs.runDir(), dirs.logDir(), installations,
                    siteBook);
            ProcessManager processes = new ProcessManager(env.processStateDir());
            ServiceRegistry registry;
            try {
                registry = new ServiceRegistry(config.services(), env, processes);
            } catch (RuntimeException e) {
                processes.close();
                throw e;
            }
            Generation old = current;
            if (old != null) {
                old.registry().removeListener(forward);
            }
            registry.addListener(forward);
            current = new Generation(processes, registry, List.copyOf(config.services()));
            if (old != null) {
                old.registry().close();
                old.processes().close();
            }
            List<ServiceSnapshot> all = registry.snapshots();
            log.info("loaded {} services from {}", all.size(), store.file());
            listeners.forEach(l -> l.reloaded(all));
        } finally {
            gate.writeLock().unlock();
        }
    }

    @Override
    public List<ServiceSnapshot> snapshots() {
        Generation g = current;
        return g == null ? List.of() : g.registry().snapshots();
    }

    @Override
    public Runnable subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void refresh() {
        // Skipped while a rebuild holds the gate: the new registry adopts on construction anyway.
        if (gate.readLock().tryLock()) {
            try {
                Generation g = current;
                if (g != null) {
                    g.registry().refresh();
                }
            } finally {
                gate.readLock().unlock();
            }
        }
    }

    @Override
    public Map<String, ServiceRegistry.Outcome> start(Collection<String> ids) {
        return withRegistry(r -> r.start(ids));
    }

    @Override
    public Map<String, ServiceRegistry.Outcome> stop(Collection<String> ids) {
        return withRegistry(r -> r.stop(ids));
    }

    /**
     * Stops every configured service (adopted ones included), then anything else this home's run
     * folder records as running: a service taken out of the config by hand while it ran, or, when
     * the config cannot be read, everything.
     */
    @Override
    public Map<String, ServiceRegistry.Outcome> stopAll() {
        gate.readLock().lock();
        try {
            Generation g = current;
            // One deadline, the longest graceful stop: quitting takes that plus a KILL at most.
            Map<String, ServiceRegistry.Outcome> outcomes = g == null ? Map.of()
                    : g.registry().stopAll(g.registry().largestStopGrace());
            stopUnconfigured(g);
            return outcomes;
        } finally {
            gate.readLock().unlock();
        }
    }

    private void stopUnconfigured(Generation g) {
        ProcessManager processes = g != null ? g.processes() : new ProcessManager(
                new ServiceEnvironment(dirs.dataDir(), dirs.runDir(), dirs.logDir(), installations).processStateDir());
        try {
            if (!processes.recordedIds().isEmpty()) {
                processes.stopAll(null).forEach((id, result) ->
                        log.info("stopped {}, which is not in the config ({})", id, result.outcome()));
            }
        } catch (RuntimeException e) {
            log.warn("could not stop processes outside the config: {}", e.getMessage());
        } finally {
            if (g == null) {
                processes.close();
            }
        }
    }

    @Override
    public ServiceSnapshot restart(String id) {
        return withRegistry(r -> r.restart(id));
    }

    @Override
    public List<String> autostartIds() {
        Generation g = current;
        return g == null ? List.of()
                : g.definitions().stream().filter(ServiceDefinition::autostart).map(ServiceDefinition::id).toList();
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

    /** As {@code stackyard remove}: stop, edit the config, delete the data only when asked. */
    @Override
    public void removeService(String id, boolean deleteData) throws IOException, ConfigException {
        ServiceManager manager = withRegistry(r -> {
            r.stop(id);
            return r.manager(id).orElseThrow(() -> new IllegalArgumentException("no service '" + id + "'"));
        });
        store.removeService(id);
        if (deleteData) {
            manager.deleteData();
            log.info("deleted the data of {}", id);
        }
        reload();
    }

    private <T> T withRegistry(Function<ServiceRegistry, T> operation) {
        gate.readLock().lock();
        try {
            Generation g = current;
            if (g == null) {
                throw new IllegalStateException("no services are loaded: the config could not be read");
            }
            return operation.apply(g.registry());
        } finally {
            gate.readLock().unlock();
        }
    }

    /** Stops watching; services keep running (quitting stops them first, through {@link #stopAll()}). */
    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            Generation g = current;
            current = null;
            if (g != null) {
                g.registry().removeListener(forward);
                g.registry().close();
                g.processes().close();
            }
        } finally {
            gate.writeLock().unlock();
        }
    }
}
