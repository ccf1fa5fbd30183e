package dev.stackyard.usecase;

import dev.stackyard.config.ConfigException;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a front end asks of the engine (the window's view models, the tray's crash notices): the
 * configured services, their commands, and the config edits the window makes. The app implements it over the config store and one long-lived service
 * registry to which every config change is applied in place; tests implement it with a fake.
 *
 * <p>Every method may block (process starts, stops, file I/O): call them on a background thread,
 * never on the UI thread, except {@link #snapshots()}, {@link #subscribe} and
 * {@link #autostartIds()}, which only read memory.
 */
public interface StackControl {

    /** Every configured service, in config order; empty when no config is loaded. */
    List<ServiceSnapshot> snapshots();

    /**
     * Registers a listener; returns what unregisters it. Listeners are called on whichever thread
     * made the change and must return quickly without blocking.
     */
    Runnable subscribe(Listener listener);

    /** Told of changes. See {@link StackControl#subscribe} for the threading. */
    interface Listener {
        /** One service's snapshot changed. */
        void changed(ServiceSnapshot snapshot);

        /** The config was applied (after an add, a remove, a reload, a change of the file): every service. */
        void reloaded(List<ServiceSnapshot> all);

        /**
         * The config file was checked: empty when it is valid (again), else why it is not (the
         * services were left as they were).
         */
        default void configChecked(Optional<ConfigException> problem) {
        }
    }

    /** Why the config file on disk is not valid now, if it is not (the services shown are from before). */
    default Optional<ConfigException> configProblem() {
        return Optional.empty();
    }

    /** Brings every idle service's state in line with what runs (changes made by the CLI). */
    void refresh();

    /** Starts these services and their dependencies; returns how each start ended. */
    Map<String, ServiceRegistry.Outcome> start(Collection<String> ids);

    /** Stops these services in parallel (dependents first); returns how each stop ended. */
    Map<String, ServiceRegistry.Outcome> stop(Collection<String> ids);

    /**
     * Stops every configured service in parallel, including ones adopted from earlier CLI runs.
     * Returns once all are stopped.
     */
    Map<String, ServiceRegistry.Outcome> stopAll();

    /** @throws ServiceException saying what failed when the stop or the start fails */
    ServiceSnapshot restart(String id);

    /** Ids of the services configured with {@code autostart: true}, in config order. */
    List<String> autostartIds();

    /** Installed versions of a kind, newest first (runs the binaries once to read them: slow). */
    List<String> installedVersions(ServiceKind kind);

    /** Appends a service to the config file and applies it. */
    void addService(ServiceDefinition definition) throws IOException, ConfigException;

    /**
     * Stops a service, removes it from the config, deletes its data when asked, and applies the
     * config. Returns the files and folders deleted (empty when not asked, or when there was no
     * data yet).
     */
    java.util.List<java.nio.file.Path> removeService(String id, boolean deleteData) throws IOException, ConfigException;

    /**
     * Reads the config again and applies it as a diff (services that run keep running; a changed
     * definition of a running service waits for its next start).
     */
    void reload() throws IOException, ConfigException;

    /** Installing and removing versions (the Versions dialog); empty where that is not offered. */
    default java.util.Optional<VersionControl> versions() {
        return java.util.Optional.empty();
    }
}
