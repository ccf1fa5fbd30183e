package dev.stackyard.app;

import dev.stackyard.cli.CliContext;
import dev.stackyard.config.AppDirs;
import dev.stackyard.config.Config;
import dev.stackyard.config.ConfigException;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.site.SiteBook;
import dev.stackyard.site.SiteService;

import java.io.IOException;

/**
 * The composition root: builds the config store, the process manager and the registry once, on
 * first use, and closes them. One per process; nothing here is static.
 */
public final class StackyardContext implements CliContext, AutoCloseable {
    private final AppDirs dirs;
    private ConfigStore store;
    private Installations installations;
    private ProcessManager processes;
    private ServiceRegistry registry;
    private SiteBook siteBook;
    private SiteService sites;

    public StackyardContext(AppDirs dirs) {
        this.dirs = dirs;
    }

    public AppDirs dirs() {
        return dirs;
    }

    @Override
    public synchronized ConfigStore configStore() throws IOException {
        if (store == null) {
            dirs.ensureCreated();
            store = new ConfigStore(dirs);
        }
        return store;
    }

    @Override
    public synchronized Installations installations() {
        if (installations == null) {
            installations = Installations.load(dirs.dataDir().resolve("bundles"));
        }
        return installations;
    }

    public synchronized ServiceEnvironment environment() {
        return new ServiceEnvironment(dirs.dataDir(), dirs.runDir(), dirs.logDir(), installations(), siteBook());
    }

    private synchronized SiteBook siteBook() {
        if (siteBook == null) {
            siteBook = new SiteBook(dirs.dataDir(), installations());
        }
        return siteBook;
    }

    @Override
    public synchronized SiteService sites() throws IOException {
        if (sites == null) {
            sites = new SiteService(configStore(), siteBook(), installations(), () -> {
                try {
                    return registry();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (ConfigException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }, () -> { });
        }
        return sites;
    }

    @Override
    public synchronized ServiceRegistry registry() throws IOException, ConfigException {
        if (registry == null) {
            Config config = configStore().load();
            siteBook().update(config.sites(), config.services());
            ServiceEnvironment env = environment();
            processes = new ProcessManager(env.processStateDir());
            registry = new ServiceRegistry(config.services(), env, processes);
        }
        return registry;
    }

    /** Stops watching; services keep running. */
    @Override
    public synchronized void close() {
        if (registry != null) {
            registry.close();
        }
        if (processes != null) {
            processes.close();
        }
    }
}
