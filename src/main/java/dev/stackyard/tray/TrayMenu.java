package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tray menu's content, the same for every tray kind: one entry per service with its state
 * (clicking starts or stops it), then Start all, Stop all, Open Stackyard and Quit.
 *
 * <p>Entry ids are stable: a service keeps its id for as long as this object lives, so a host
 * that gets a property update for an id finds the same entry. Not thread-safe: the owner
 * serialises calls.
 */
public final class TrayMenu {
    public static final int START_ALL = 1;
    public static final int STOP_ALL = 2;
    public static final int OPEN = 3;
    public static final int QUIT = 4;
    /** Ids of separators. */
    public static final int SEPARATOR_SERVICES = 5;
    public static final int SEPARATOR_APP = 6;
    private static final int FIRST_SERVICE_ID = 100;

    /** One entry. {@code serviceId} is null for the app's own entries and separators. */
    public record Entry(int id, String label, boolean enabled, boolean separator, String serviceId) {
    }

    private final Map<String, Integer> ids = new HashMap<>();
    private int nextId = FIRST_SERVICE_ID;

    /** The entries for these services, in menu order. */
    public List<Entry> entries(List<ServiceSnapshot> services) {
        List<Entry> out = new ArrayList<>();
        boolean anyStartable = false;
        boolean anyStoppable = false;
        for (ServiceSnapshot s : services) {
            int id = ids.computeIfAbsent(s.id(), k -> nextId++);
            boolean canStart = canStart(s.state());
            boolean canStop = canStop(s.state());
            anyStartable |= canStart;
            anyStoppable |= canStop;
            out.add(new Entry(id, label(s), canStart || canStop, false, s.id()));
        }
        if (!services.isEmpty()) {
            out.add(new Entry(SEPARATOR_SERVICES, "", true, true, null));
        }
        out.add(new Entry(START_ALL, "Start all", anyStartable, false, null));
        out.add(new Entry(STOP_ALL, "Stop all", anyStoppable, false, null));
        out.add(new Entry(SEPARATOR_APP, "", true, true, null));
        out.add(new Entry(OPEN, "Open Stackyard", true, false, null));
        out.add(new Entry(QUIT, "Quit", true, false, null));
        return out;
    }

    /**
     * While it runs, the version it runs (from its start record), and the version its next start
     * would run when that differs: {@code " postgres 15.14, next start: 15.15"}.
     */
    static String runningVersion(ServiceSnapshot s) {
        if (s.state() != ServiceState.RUNNING || s.exactVersion() == null
                || !s.kind().spec().versions().versioned()) {
            return "";
        }
        return " " + s.kind().configName() + " " + s.exactVersion()
                + (s.nextVersion() == null ? "" : ", next start: " + s.nextVersion());
    }

    /** "redis — running redis 7.0.15 (click to stop)", "pg — stopped (click to start)". */
    static String label(ServiceSnapshot s) {
        String state = s.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        String hint = canStop(s.state()) ? " (click to stop)" : canStart(s.state()) ? " (click to start)" : "";
        return s.id() + " — " + state + runningVersion(s) + hint;
    }

    static boolean canStart(ServiceState state) {
        return state == ServiceState.STOPPED || TrayStatus.isFailure(state);
    }

    static boolean canStop(ServiceState state) {
        return state == ServiceState.RUNNING || state == ServiceState.STARTING || "BACKOFF".equals(state.name());
    }

    /** Runs the command of entry {@code id}; false when no entry has that id. */
    public boolean activate(int id, List<Entry> shown, TrayActions actions) {
        switch (id) {
            case START_ALL -> actions.startAll();
            case STOP_ALL -> actions.stopAll();
            case OPEN -> actions.openWindow();
            case QUIT -> actions.quit();
            default -> {
                for (Entry e : shown) {
                    if (e.id() == id && e.serviceId() != null) {
                        actions.toggle(e.serviceId());
                        return true;
                    }
                }
                return false;
            }
        }
        return true;
    }

    /** Ids whose entry differs between two renderings with the same entry ids in the same order. */
    public static List<Entry> changed(List<Entry> before, List<Entry> after) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            if (!Objects.equals(before.get(i), after.get(i))) {
                out.add(after.get(i));
            }
        }
        return out;
    }

    /** Whether two renderings have the same entries (by id, in order): only labels may differ. */
    public static boolean sameShape(List<Entry> before, List<Entry> after) {
        if (before.size() != after.size()) {
            return false;
        }
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i).id() != after.get(i).id()) {
                return false;
            }
        }
        return true;
    }
}
