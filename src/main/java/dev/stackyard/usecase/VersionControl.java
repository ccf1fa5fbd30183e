package dev.stackyard.usecase;

import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.InstallProgress;
import dev.stackyard.core.bundle.VersionCatalog;
import dev.stackyard.core.service.ServiceKind;

import java.io.IOException;
import java.util.List;

/**
 * What the Versions dialog asks of the engine: the same listing, install and uninstall as
 * {@code stackyard versions/install/uninstall}. Every method blocks (file and network I/O): call
 * them on a background thread, never on the UI thread.
 */
public interface VersionControl {

    /** Installed and installable versions of every kind that has any; reads the repository. */
    List<VersionCatalog.KindVersions> list();

    /** The repository installs come from, for the dialog's header. */
    String repository();

    /** Installs {@code kind} {@code version}; see {@link BundleInstaller#install}. */
    BundleInstaller.Installed install(ServiceKind kind, String version, InstallProgress progress, Cancellation cancel)
            throws IOException;

    /** The configured services that run this bundle (uninstall is refused while there are any). */
    List<String> users(ServiceKind kind, String version) throws IOException;

    /** Removes the bundle; see {@link BundleInstaller#uninstall}. */
    void uninstall(ServiceKind kind, String version) throws IOException;
}
