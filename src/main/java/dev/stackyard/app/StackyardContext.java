package dev.stackyard.app;

import dev.stackyard.usecase.AppVersions;
import dev.stackyard.usecase.StackyardSession;
import dev.stackyard.cli.CliContext;
import dev.stackyard.config.AppDirs;
import dev.stackyard.config.ConfigException;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.BundleSources;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.usecase.SiteService;
import dev.stackyard.usecase.StartAtLogin;
import dev.stackyard.core.supervise.EventLog;

import java.io.IOException;

/**
 * The command line's composition root: one {@link StackyardSession} (the same model the window
 * uses), built on first use and closed with the context. One per process; nothing here is static.
 */
public final class StackyardContext implements CliContext, AutoCloseable {
    private final AppDirs dirs;
    private StartAtLogin startAtLogin;
    private StackyardSession session;
    private boolean eventsAttached;
    /** A one-shot call looks at what other front ends run without watching it; see {@link #watchProcesses}. */
    private boolean watchAdopted;

    public StackyardContext(AppDirs dirs) {
        this(dirs, null);
    }

    /** @param startAtLogin the autostart entry's use case (tests give it a folder of their own); null: this user's */
    public StackyardContext(AppDirs dirs, StartAtLogin startAtLogin) {
        this.dirs = dirs;
        this.startAtLogin = startAtLogin;
    }

    /** Made on first use: other commands never look for the launcher. */
    @Override
    public synchronized StartAtLogin startAtLogin() {
        if (startAtLogin == null) {
            startAtLogin = LauncherPath.startAtLogin(System.getenv());
        }
        return startAtLogin;
    }

    public AppDirs dirs() {
        return dirs;
    }

    /** The session, created (without loading the config) on first use. */
    public synchronized StackyardSession session() throws IOException {
        if (session == null) {
            session = new StackyardSession(dirs, watchAdopted);
        }
        return session;
    }

    @Override
    public ConfigStore configStore() throws IOException {
        return session().configStore();
    }

    @Override
    public Installations installations() throws IOException {
        return session().installations();
    }

    @Override
    public SiteService sites() throws IOException {
        return session().sites();
    }

    @Override
    public dev.stackyard.usecase.MailBoxes mail() throws IOException, ConfigException {
        registry();
        return session().mail();
    }

    @Override
    public BundleInstaller bundleInstaller() {
        return new BundleInstaller(AppVersions.bundleDir(dirs), BundleSources.forThisMachine());
    }

    @Override
    public MavenRepository mavenRepository() throws IOException {
        return AppVersions.repository(dirs);
    }

    @Override
    public synchronized ServiceRegistry registry() throws IOException, ConfigException {
        StackyardSession s = session();
        if (!s.loaded()) {
            s.reload();
            if (!eventsAttached) {
                // Every change this process makes goes to logs/events.log (the window's: WindowSupervision).
                EventLog.attach(s.registry(), dirs.logDir());
                eventsAttached = true;
            }
        }
        return s.registry();
    }

    @Override
    public void addService(ServiceDefinition definition) throws IOException, ConfigException {
        registry();
        session().addService(definition);
    }

    @Override
    public java.util.List<java.nio.file.Path> removeService(String id, boolean deleteData)
            throws IOException, ConfigException {
        registry();
        return session().removeService(id, deleteData);
    }

    @Override
    public void watchConfig() throws IOException {
        session().watchConfig();
    }

    @Override
    public synchronized void watchProcesses() {
        if (session != null && !watchAdopted) {
            throw new IllegalStateException("watchProcesses() after the session was made");
        }
        watchAdopted = true;
    }

    @Override
    public java.util.Optional<AutoCloseable> lockHome() throws IOException {
        dirs.ensureCreated();
        return InstanceLock.tryAcquire(WindowLauncher.lockFile(dirs)).map(l -> (AutoCloseable) l);
    }

    /** Stops watching; services keep running. */
    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
        }
    }
}
