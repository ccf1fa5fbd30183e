package dev.stackyard.ui;

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

/**
 * What the window asks of the engine: the configured services, their commands, and the config
 * edits the window makes. The app implements it over the config store and a service registry that
 * is rebuilt from the config after every edit; tests implement it with a fake.
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

        /** The set of services was rebuilt from the config (after an add, a remove, a reload). */
        void reloaded(List<ServiceSnapshot> all);
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

    /** Appends a service to the config file and rebuilds the services from it. */
    void addService(ServiceDefinition definition) throws IOException, ConfigException;

    /**
     * Stops a service, removes it from the config, deletes its data when asked, and rebuilds the
     * services from the config.
     */
    void removeService(String id, boolean deleteData) throws IOException, ConfigException;

    /** Reads the config again and rebuilds the services (services that run keep running). */
    void reload() throws IOException, ConfigException;

    /** Installing and removing versions (the Versions dialog); empty where that is not offered. */
    default java.util.Optional<VersionControl> versions() {
        return java.util.Optional.empty();
    }
}
