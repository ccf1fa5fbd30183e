package dev.stackyard.usecase;

import dev.stackyard.config.AppDirs;
import dev.stackyard.config.ConfigException;
import dev.stackyard.config.MavenRepositorySetting;
import dev.stackyard.config.RootTrust;
import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.BundleLocation;
import dev.stackyard.core.bundle.BundleSources;
import dev.stackyard.core.bundle.BundleUsers;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.InstallProgress;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.core.bundle.VersionCatalog;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.usecase.VersionControl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The Versions dialog's use case over the bundle installer, the config's repository setting and the
 * session's installations (rescanned after each change, so the next start sees a new version).
 * Thread-safe.
 */
public final class AppVersions implements VersionControl {
    /** The configured services, read fresh for the in-use check. */
    interface Services {
        List<ServiceDefinition> load() throws IOException, ConfigException;
    }

    private final AppDirs dirs;
    private final Installations installations;
    private final Services services;
    private final BundleInstaller installer;

    AppVersions(AppDirs dirs, Installations installations, Services services) {
        this.dirs = dirs;
        this.installations = installations;
        this.services = services;
        this.installer = new BundleInstaller(bundleDir(dirs), BundleSources.forThisMachine());
    }

    /** DATA/bundles; as root behind a closed folder such as /root, a place the postgres account can reach (see BundleLocation). */
    public static Path bundleDir(AppDirs dirs) {
        return BundleLocation.choose(dirs.dataDir(), dirs.runDir(), Path.of(System.getProperty("user.home")),
                ServiceEnvironment.runningAsRoot());
    }

    /**
     * STACKYARD_MAVEN_REPO, else the config's mavenRepository, else Maven Central. As root, the
     * config is read only when no other account can change it ({@link RootTrust}).
     */
    public static MavenRepository repository(AppDirs dirs) throws IOException {
        RootTrust.check(dirs, ServiceEnvironment.effectiveUid());
        return MavenRepository.choose(System.getenv(MavenRepository.ENV),
                MavenRepositorySetting.read(dirs.configFile()).orElse(null));
    }

    @Override
    public List<VersionCatalog.KindVersions> list() {
        try (MavenRepository repository = repository(dirs)) {
            return VersionCatalog.list(VersionCatalog.kinds(null), installations, installer.sources(), repository);
        } catch (IOException e) {
            return VersionCatalog.list(VersionCatalog.kinds(null), installations, installer.sources(), null);
        }
    }

    @Override
    public String repository() {
        try (MavenRepository repository = repository(dirs)) {
            return repository.toString();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Override
    public BundleInstaller.Installed install(ServiceKind kind, String version, InstallProgress progress, Cancellation cancel)
            throws IOException {
        try (MavenRepository repository = repository(dirs)) {
            return installer.install(kind, version, repository, progress, cancel);
        } finally {
            installations.rescan();
        }
    }

    @Override
    public List<String> users(ServiceKind kind, String version) throws IOException {
        try {
            installations.rescan();
            return BundleUsers.of(kind, installer.folder(kind, version), services.load(), installations);
        } catch (ConfigException e) {
            throw new IOException("the config is not valid, so Stackyard cannot tell which services use "
                    + kind + " " + version + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void uninstall(ServiceKind kind, String version) throws IOException {
        try {
            installer.uninstall(kind, version);
        } finally {
            installations.rescan();
        }
    }
}
