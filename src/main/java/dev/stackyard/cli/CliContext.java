package dev.stackyard.cli;

import dev.stackyard.config.ConfigException;
import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.usecase.SiteService;

import java.io.IOException;

/**
 * What the command line needs from the composition root. Built lazily, so {@code --help} and
 * usage errors never touch the config or the run folder.
 */
public interface CliContext {

    /** The config file (loaded, or written with defaults when missing). */
    ConfigStore configStore() throws IOException;

    /** The registry over the current config, adopting what earlier invocations started. */
    ServiceRegistry registry() throws IOException, ConfigException;

    Installations installations() throws IOException;

    /** The site commands, over this context's config store and (loaded on first use) its registry. */
    SiteService sites() throws IOException;

    /** The mail services of the config (loaded on first use) and their clients, for {@code stackyard mail}. */
    dev.stackyard.usecase.MailBoxes mail() throws IOException, ConfigException;

    /** Appends a service to the config and applies it to {@link #registry()}. */
    void addService(ServiceDefinition definition) throws IOException, ConfigException;

    /**
     * Stops a service, takes it out of the config, deletes its data when asked (the same code the
     * window's Remove runs).
     *
     * @return the files and folders deleted (empty when not asked, or when there was no data yet)
     */
    java.util.List<java.nio.file.Path> removeService(String id, boolean deleteData) throws IOException, ConfigException;

    /** Installs and removes Stackyard's own builds (versions, install, uninstall). */
    BundleInstaller bundleInstaller() throws IOException;

    /**
     * A new handle on the Maven repository to install from: {@code STACKYARD_MAVEN_REPO}, else the
     * config's {@code mavenRepository}, else Maven Central. The caller closes it.
     */
    MavenRepository mavenRepository() throws IOException;

    /**
     * Takes the home's instance lock (the window's), for {@code stackyard run}: empty when a window
     * or another supervisor holds it. Closing the returned handle releases it.
     */
    java.util.Optional<AutoCloseable> lockHome() throws IOException;

    /**
     * From now on, applies changes to the config file to {@link #registry()} within a moment (for
     * {@code stackyard run}, which lives as long as a window does).
     */
    void watchConfig() throws IOException;

    /**
     * Makes this a front end that lives on ({@code stackyard run}): a process another front end
     * started is adopted and its exit watched, as in the window. Without it, a one-shot call only
     * looks at such a process (see ProcessManager's watchAdopted). Call before {@link #registry()}.
     */
    void watchProcesses();

    /** Stackyard's autostart entry (start at login), for this user. */
    dev.stackyard.usecase.StartAtLogin startAtLogin();
}
