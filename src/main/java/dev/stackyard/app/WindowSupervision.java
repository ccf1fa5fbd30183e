package dev.stackyard.app;

import dev.stackyard.usecase.StackyardSession;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.supervise.EventLog;
import dev.stackyard.core.supervise.Supervisor;
import dev.stackyard.usecase.StackControl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The window's hold on its services' lifetime. While it runs it supervises them (it holds the
 * home's instance lock, as {@code stackyard run} does): a {@link Supervisor} and the
 * {@link EventLog} over the session's registry, bound again whenever the session hands out another
 * registry. When it goes, {@link #stopAllOnce} closes the supervision first, so nothing is
 * restarted, and then stops every service, once, whichever path asks first.
 *
 * <p>Thread-safe; the session calls {@link #reloaded} on whichever thread reloaded.
 */
final class WindowSupervision implements StackControl.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WindowSupervision.class);
    private final StackyardSession session;
    private final AppDirs dirs;
    private ServiceRegistry current;
    private Supervisor supervisor;
    private EventLog events;
    private Runnable unsubscribe;
    private boolean closed;
    private final AtomicBoolean stopStarted = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    WindowSupervision(StackyardSession session, AppDirs dirs) {
        this.session = session;
        this.dirs = dirs;
    }

    /** Starts supervising, unless {@link #close} or {@link #stopAllOnce} came first. */
    synchronized WindowSupervision start() {
        if (closed) {
            return this;
        }
        unsubscribe = session.subscribe(this);
        bind();
        return this;
    }

    @Override
    public void changed(ServiceSnapshot snapshot) {
        // The supervisor listens to the registry itself.
    }

    @Override
    public void reloaded(List<ServiceSnapshot> all) {
        bind();
    }

    private synchronized void bind() {
        ServiceRegistry registry = session.registry();
        if (closed || registry == current) {
            return;
        }
        unbind();
        current = registry;
        if (registry != null) {
            events = EventLog.attach(registry, dirs.logDir());
            supervisor = new Supervisor(registry, dirs.runDir()).start();
        }
    }

    private void unbind() {
        if (supervisor != null) {
            supervisor.close();
            supervisor = null;
        }
        if (current != null && events != null) {
            current.removeListener(events);
        }
        events = null;
        current = null;
    }

    /** Stops supervising; services keep running. */
    @Override
    public synchronized void close() {
        closed = true;
        if (unsubscribe != null) {
            unsubscribe.run();
        }
        unbind();
    }

    /**
     * Stops every service once, and returns when they are stopped. Called by the quit command and
     * by the shutdown hook (SIGTERM, SIGINT), whichever comes first; the other waits for the same
     * stop. Blocks: never on the UI thread.
     */
    void stopAllOnce() {
        if (!stopStarted.compareAndSet(false, true)) {
            stopped.join();
            return;
        }
        Instant start = Instant.now();
        try {
            close(); // nothing is restarted while everything stops
            Map<String, ServiceRegistry.Outcome> outcomes = session.stopAll();
            outcomes.forEach((id, o) -> {
                if (o != null && !o.ok()) {
                    log.warn("while quitting: {}", o.error().getMessage());
                }
            });
            log.info("stopped {} services in {} ms", outcomes.size(), Duration.between(start, Instant.now()).toMillis());
        } catch (RuntimeException e) {
            log.error("stopping the services failed while quitting", e);
        } finally {
            stopped.complete(null);
        }
    }
}
