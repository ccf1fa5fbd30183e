package dev.stackyard.core.process;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The processes one manager knows, by id: the ones it started and the ones it adopted. */
final class ProcessTable {
    private final StateDir files;
    private final ConcurrentHashMap<String, Managed> byId = new ConcurrentHashMap<>();

    ProcessTable(StateDir files) {
        this.files = files;
    }

    Managed get(String id) {
        return byId.get(id);
    }

    void put(Managed m) {
        byId.put(m.id, m);
    }

    Set<String> ids() {
        return Set.copyOf(byId.keySet());
    }

    /**
     * Lets go of {@code m} once it is gone (or was never ready): removes its PID and state files,
     * forgets it, ends its exit watch and closes its pidfd. Call with the id's lock held.
     */
    void forget(Managed m) {
        files.removeFiles(m);
        byId.remove(m.id, m);
        m.release();
    }

    /** Every known process, for {@link ProcessManager#close}. */
    Iterable<Managed> all() {
        return byId.values();
    }
}
