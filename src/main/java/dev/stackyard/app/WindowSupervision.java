package dev.stackyard.app;

import dev.stackyard.usecase.StackyardSession;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.supervise.EventLog;
import dev.stackyard.core.supervise.Supervisor;
import dev.stackyard.usecase.StackControl;

import java.util.List;

/**
 * The window supervises its services while it runs (it holds the home's instance lock, as
 * {@code stackyard run} does): a {@link Supervisor} and the {@link EventLog} over the session's
 * registry, bound again whenever the session hands out another registry. Closed before quitting
 * stops everything, so nothing is restarted while the window goes.
 *
 * <p>Thread-safe; the session calls {@link #reloaded} on whichever thread reloaded.
 */
final class WindowSupervision implements StackControl.Listener, AutoCloseable {
    private final StackyardSession session;
    private final AppDirs dirs;
    private ServiceRegistry current;
    private Supervisor supervisor;
    private EventLog events;
    private Runnable unsubscribe;
    private boolean closed;

    WindowSupervision(StackyardSession session, AppDirs dirs) {
        this.session = session;
        this.dirs = dirs;
    }

    synchronized WindowSupervision start() {
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
}
