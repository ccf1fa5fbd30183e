package dev.stackyard.app;

import dev.stackyard.cli.CliContext;
import dev.stackyard.config.AppDirs;
import dev.stackyard.config.Config;
import dev.stackyard.config.ConfigException;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.BundleSources;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceRegistry;

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
            installations = Installations.load(AppVersions.bundleDir(dirs));
        }
        return installations;
    }

    @Override
    public synchronized BundleInstaller bundleInstaller() {
        return new BundleInstaller(AppVersions.bundleDir(dirs), BundleSources.forThisMachine());
    }

    @Override
    public MavenRepository mavenRepository() throws IOException {
        return AppVersions.repository(dirs);
    }

    public synchronized ServiceEnvironment environment() {
        return new ServiceEnvironment(dirs.dataDir(), dirs.runDir(), dirs.logDir(), installations());
    }

    @Override
    public synchronized ServiceRegistry registry() throws IOException, ConfigException {
        if (registry == null) {
            Config config = configStore().load();
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
