package dev.stackyard.ui;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One row of the services table: a service's latest snapshot turned into text and flags the view
 * binds to. Read-only from outside; changed only by {@link ServicesViewModel} on the UI thread.
 */
public final class ServiceRowViewModel {
    private final String id;
    private final ServiceKind kind;
    private final ReadOnlyObjectWrapper<ServiceSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyObjectWrapper<ServiceState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyStringWrapper kindAndVersion = new ReadOnlyStringWrapper(this, "kindAndVersion", "");
    private final ReadOnlyStringWrapper port = new ReadOnlyStringWrapper(this, "port", "");
    private final ReadOnlyStringWrapper pid = new ReadOnlyStringWrapper(this, "pid", "");
    private final ReadOnlyStringWrapper uptime = new ReadOnlyStringWrapper(this, "uptime", "");
    private final ReadOnlyStringWrapper cpu = new ReadOnlyStringWrapper(this, "cpu", "");
    private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper(this, "memory", "");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyBooleanWrapper pending = new ReadOnlyBooleanWrapper(this, "pending", false);
    private final ReadOnlyBooleanWrapper hasDetails = new ReadOnlyBooleanWrapper(this, "hasDetails", false);
    private final ReadOnlyObjectWrapper<RowActions> actions = new ReadOnlyObjectWrapper<>(this, "actions", RowActions.NONE);
    private Instant processStartedAt;

    /** The row's notice for a running service whose definition changed in the config. */
    public static final String PENDING_RESTART = "Config changed: restart to apply";

    ServiceRowViewModel(ServiceSnapshot first) {
        this.id = first.id();
        this.kind = first.kind();
        apply(first);
    }

    public String id() {
        return id;
    }

    public ServiceKind kind() {
        return kind;
    }

    /** The latest snapshot (for its log file, URL and log tail). */
    public ReadOnlyObjectProperty<ServiceSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ServiceSnapshot snapshot() {
        return snapshot.get();
    }

    public ReadOnlyObjectProperty<ServiceState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ServiceState state() {
        return state.get();
    }

    /** {@code redis 7.0}; just the kind when no version is known. */
    public ReadOnlyStringProperty kindAndVersionProperty() {
        return kindAndVersion.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty portProperty() {
        return port.getReadOnlyProperty();
    }

    /** The PID while it runs, else empty. */
    public ReadOnlyStringProperty pidProperty() {
        return pid.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty uptimeProperty() {
        return uptime.getReadOnlyProperty();
    }

    /** CPU use of the whole process tree over the last sampling period. */
    public ReadOnlyStringProperty cpuProperty() {
        return cpu.getReadOnlyProperty();
    }

    /** Resident memory of the whole process tree. */
    public ReadOnlyStringProperty memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    /**
     * The one-line reason of a failure (or a NOT_INSTALLED hint, or a warning left by a stop);
     * empty while the service runs or when there is nothing to say.
     */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /**
     * Set while the config has a change for this running service that waits for its restart, another
     * version waits for its next start, or the service has advice ({@link ServiceSnapshot#notice()}:
     * a redis without a password).
     */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** The latest progress line of a start under way (postgres initdb), else empty. */
    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** A command for this row was sent and has not finished. */
    public ReadOnlyBooleanProperty pendingProperty() {
        return pending.getReadOnlyProperty();
    }

    /** There is a problem to show in full (the row shows one line of it), with its log lines if any. */
    public ReadOnlyBooleanProperty hasDetailsProperty() {
        return hasDetails.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RowActions> actionsProperty() {
        return actions.getReadOnlyProperty();
    }

    public RowActions actions() {
        return actions.get();
    }

    // ---------------------------------------------------------------- updates (UI thread)

    /**
     * Takes a newer snapshot. Snapshots reach the UI thread along two paths (the registry's
     * listener and the periodic full refresh) whose hand-overs may cross; one that entered its
     * state before the current one did is stale and ignored.
     *
     * @return whether it was taken
     */
    boolean apply(ServiceSnapshot s) {
        ServiceSnapshot current = snapshot.get();
        if (current != null) {
            if (current.equals(s)) {
                return false;
            }
            if (s.since().isBefore(current.since())) {
                return false;
            }
        }
        snapshot.set(s);
        state.set(s.state());
        kindAndVersion.set(describeKind(s));
        port.set(s.port() == null ? "" : Integer.toString(s.port()));
        pid.set(s.pid() == null ? "" : Long.toString(s.pid()));
        boolean showProblem = s.lastError() != null && s.state() != ServiceState.RUNNING
                && s.state() != ServiceState.STARTING;
        problem.set(showProblem ? s.lastError() : "");
        progress.set(s.state() == ServiceState.STARTING && s.progress() != null ? s.progress() : "");
        notice.set(notice(s));
        // The row cuts a long reason; Details shows it whole, with the log lines behind it.
        hasDetails.set(showProblem);
        if (s.state() != ServiceState.RUNNING) {
            clearStats();
            showCountdown(Instant.now());
        }
        updateActions();
        return true;
    }

    /**
     * The row's notice: a config change waiting for a restart and another version the next start would
     * run, joined; with neither, the service's own advice (a redis without a password).
     */
    static String notice(ServiceSnapshot s) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (s.pendingRestart()) {
            parts.add(PENDING_RESTART);
        }
        if (s.nextVersion() != null) {
            parts.add("Next start runs " + s.kind().configName() + " " + s.nextVersion());
        }
        if (parts.isEmpty() && s.notice() != null && !s.notice().isBlank()) {
            parts.add(s.notice()); // advice waits while the row has news of its own
        }
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append(out.isEmpty() ? part
                    : "; " + part.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + part.substring(1));
        }
        return out.toString();
    }

    /** {@code redis 7.0}; a process (whose "version" is a placeholder) or an unknown version: the kind alone. */
    static String describeKind(ServiceSnapshot s) {
        String v = s.version();
        if (!s.kind().spec().versions().versioned() || v == null || v.isBlank() || v.equals("-")) {
            return s.kind().configName();
        }
        return s.kind().configName() + " " + v;
    }

    void setPending(boolean value) {
        pending.set(value);
        updateActions();
    }

    boolean isPending() {
        return pending.get();
    }

    /** The latest resource figures of the process tree, or null when it is not running. */
    void applyStats(Stats stats, Instant now) {
        if (stats == null || state.get() != ServiceState.RUNNING) {
            clearStats();
            showCountdown(now);
            return;
        }
        processStartedAt = stats.startedAt();
        // Only a text that differs is set: an equal new String would still invalidate the cell.
        setIfChanged(cpu, stats.cpuPercent() == null ? "" : Formats.cpu(stats.cpuPercent()));
        setIfChanged(memory, Formats.bytes(stats.rssBytes()));
        tick(now);
    }

    /** Moves the uptime on. */
    void tick(Instant now) {
        if (state.get() == ServiceState.RUNNING) {
            Instant since = processStartedAt != null ? processStartedAt : snapshot.get().since();
            setIfChanged(uptime, Formats.uptime(Duration.between(since, now)));
        }
    }

    private static void setIfChanged(javafx.beans.property.ReadOnlyStringWrapper p, String value) {
        if (!value.equals(p.get())) {
            p.set(value);
        }
    }

    /** In BACKOFF the uptime column counts down to the supervisor's next start: "restart in 3 s". */
    private void showCountdown(Instant now) {
        ServiceSnapshot s = snapshot.get();
        if (s != null && s.state() == ServiceState.BACKOFF && s.nextRestartAt() != null) {
            long seconds = Math.max(0, (Duration.between(now, s.nextRestartAt()).toMillis() + 999) / 1000);
            uptime.set("restart in " + seconds + " s");
        }
    }

    private void clearStats() {
        processStartedAt = null;
        uptime.set("");
        cpu.set("");
        memory.set("");
    }

    private void updateActions() {
        ServiceSnapshot s = snapshot.get();
        actions.set(RowActions.of(kind, s.state(), pending.get(), s.url() != null));
    }

    /** The log lines behind the current failure. */
    List<String> logTail() {
        return snapshot.get().logTail();
    }

    /**
     * Resource figures of one service's process tree.
     *
     * @param cpuPercent null until two samples exist to compare
     */
    record Stats(Double cpuPercent, long rssBytes, Instant startedAt) {
    }
}
