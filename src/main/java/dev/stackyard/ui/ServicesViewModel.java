package dev.stackyard.ui;

import dev.stackyard.usecase.StackControl;
import dev.stackyard.config.ConfigException;
import dev.stackyard.core.process.ProcessStats;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The main window's model: one row per configured service, the commands of the toolbar and of
 * each row, and the log pane of the selected row.
 *
 * <p>Threading: properties and the row list change only on the UI thread (through the
 * {@link UiExecutor}); commands are called on the UI thread and do their work on the background
 * executor. {@link #refreshTick()} and {@link #statsTick()} are called by a scheduler on a
 * background thread (one at a time each).
 */
public final class ServicesViewModel {

    /** Samples process trees; {@link ProcessStats#sample(Collection)} in the app. */
    @FunctionalInterface
    public interface TreeSampler {
        Map<Long, ProcessStats.TreeSample> sample(Collection<Long> rootPids);
    }

    private final StackControl stack;
    private final UiExecutor ui;
    private final Executor background;
    private final DesktopActions desktop;
    private final ErrorReporter errors;
    private final PortProbe ports;
    private final StatsSampling stats;
    private final Clock clock;
    /** Longest time the stats tick leaves the UI thread alone while nothing visible changes. */
    static final Duration STATS_MAX_QUIET = Duration.ofSeconds(30);
    /** What the last hand-over showed, per service; stats tick thread only. */
    private Map<String, String> lastStatsShown = Map.of();
    private Instant lastStatsHandOff = Instant.EPOCH;
    private final BackgroundCommands commands;
    private final LogViewModel log;

    private final ObjectProperty<ServiceRowViewModel> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper configProblem = new ReadOnlyStringWrapper(this, "configProblem", "");
    private final ReadOnlyBooleanWrapper quitting = new ReadOnlyBooleanWrapper(this, "quitting", false);
    private final ServiceRows rowBook = new ServiceRows(this, quitting::get);
    private final ObservableList<ServiceRowViewModel> rows = rowBook.view();
    private final ReadOnlyObjectWrapper<ServiceRowViewModel> revealed = new ReadOnlyObjectWrapper<>(this, "revealed");
    private Runnable unsubscribe = () -> { };

    /** Whether the services' figures and log are on screen (their tab is selected); written on the UI thread. */
    private volatile boolean servicesShown = true;
    /** What the last refreshTick handed to the UI; confined to the thread running refreshTick. */
    private List<ServiceSnapshot> lastRefreshed = List.of();


    public ServicesViewModel(StackControl stack, UiExecutor ui, Executor background, DesktopActions desktop,
                             ErrorReporter errors, PortProbe ports, TreeSampler sampler, Clock clock) {
        this.stack = stack;
        this.ui = ui;
        this.background = background;
        this.desktop = desktop;
        this.errors = errors;
        this.ports = ports;
        this.stats = new StatsSampling(sampler);
        this.clock = clock;
        this.commands = new BackgroundCommands(ui, background, errors);
        this.log = new LogViewModel(ui);
        selected.addListener((obs, old, row) -> {
            if (row == null) {
                log.clear();
            } else {
                log.show(row.id(), row.snapshot().logFile());
            }
        });
    }

    // ---------------------------------------------------------------- properties

    /** Every configured service, in config order. */
    public ObservableList<ServiceRowViewModel> rows() {
        return rows;
    }

    /** The row whose log the log pane shows; the view binds the table's selection to it. */
    public ObjectProperty<ServiceRowViewModel> selectedProperty() {
        return selected;
    }

    /** A short line about the last thing that happened. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * Empty while the config file is valid; else its problems, one per line with path and line,
     * until the file is fixed (the services shown are from the last valid config).
     */
    public ReadOnlyStringProperty configProblemProperty() {
        return configProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canStartAllProperty() {
        return rowBook.canStartAllProperty();
    }

    public ReadOnlyBooleanProperty canStopAllProperty() {
        return rowBook.canStopAllProperty();
    }

    /** True once quitting began: the window stops taking commands. */
    public ReadOnlyBooleanProperty quittingProperty() {
        return quitting.getReadOnlyProperty();
    }

    public LogViewModel log() {
        return log;
    }

    /**
     * The row someone outside the window asked to see (a notification's "Show log"); the view
     * selects it and shows its log. Set again for every request, even of the same row.
     */
    public ReadOnlyObjectProperty<ServiceRowViewModel> revealedProperty() {
        return revealed.getReadOnlyProperty();
    }

    /** Asks the view to select service {@code id} and show its log. UI thread. */
    public void reveal(String id) {
        for (ServiceRowViewModel row : rows) {
            if (row.id().equals(id)) {
                revealed.set(null); // so that asking twice for the same row is seen twice
                revealed.set(row);
            }
        }
    }

    // ---------------------------------------------------------------- wiring

    /** Starts listening to the services and shows them. Call once, on the UI thread. */
    public void attach() {
        unsubscribe = stack.subscribe(new StackControl.Listener() {
            @Override
            public void changed(ServiceSnapshot snapshot) {
                ui.run(() -> rowBook.applyOne(snapshot));
            }

            @Override
            public void reloaded(List<ServiceSnapshot> all) {
                ui.run(() -> applyAll(all));
            }

            @Override
            public void configChecked(Optional<ConfigException> problem) {
                String text = problem.map(OutcomeText::configBanner).orElse("");
                ui.run(() -> configProblem.set(text));
            }
        });
        configProblem.set(stack.configProblem().map(OutcomeText::configBanner).orElse(""));
        applyAll(stack.snapshots());
    }

    public void detach() {
        unsubscribe.run();
    }

    /**
     * Background, every second: picks up what changed outside the window (the CLI started, stopped
     * or killed something) and re-syncs every row, so a listener event lost in a reload cannot
     * leave a row wrong for longer than one tick.
     */
    public void refreshTick() {
        stack.refresh();
        List<ServiceSnapshot> all = stack.snapshots();
        if (all.equals(lastRefreshed)) {
            return; // nothing changed since the last tick: the FX thread is not woken
        }
        lastRefreshed = all;
        ui.run(() -> applyAll(all));
    }

    /**
     * Background, every second: CPU, memory and uptime of each running service's process tree.
     * The UI thread is woken only when a figure a person sees would change, when a row counts down
     * to a restart (BACKOFF), or every {@link #STATS_MAX_QUIET} so whole-minute uptimes move on:
     * an idle window with quiet services then costs one /proc sample per second and no repaint.
     */
    public void statsTick() {
        if (!servicesShown) {
            return; // another tab shows: nothing to sample for
        }
        List<ServiceSnapshot> snapshots = stack.snapshots();
        Map<String, ServiceRowViewModel.Stats> stats = this.stats.sample(snapshots);
        Instant now = clock.instant();
        Map<String, String> shown = new HashMap<>();
        stats.forEach((id, st) -> shown.put(id, (st.cpuPercent() == null ? "" : Formats.cpu(st.cpuPercent()))
                + '|' + Formats.bytes(st.rssBytes()) + '|' + st.startedAt()));
        boolean countdown = snapshots.stream().anyMatch(s -> s.state() == ServiceState.BACKOFF);
        if (!countdown && shown.equals(lastStatsShown) && now.isBefore(lastStatsHandOff.plus(STATS_MAX_QUIET))) {
            return;
        }
        lastStatsShown = shown;
        lastStatsHandOff = now;
        ui.run(() -> {
            var instant = clock.instant();
            for (ServiceRowViewModel row : rows) {
                row.applyStats(stats.get(row.id()), instant);
            }
        });
    }

    /** Whether the services' tab shows; the stats tick and the log tail rest while it does not. */
    public void setServicesShown(boolean shown) {
        servicesShown = shown;
    }

    public boolean servicesShown() {
        return servicesShown;
    }

    /** Makes the rows match {@code all}, keeping row objects (and so the selection) by id. */
    void applyAll(List<ServiceSnapshot> all) {
        rowBook.applyAll(all);
    }

    // ---------------------------------------------------------------- commands

    public void start(ServiceRowViewModel row) {
        if (row.actions().start()) {
            startIds(List.of(row));
        }
    }

    public void stop(ServiceRowViewModel row) {
        if (row.actions().stop()) {
            stopIds(List.of(row));
        }
    }

    public void restart(ServiceRowViewModel row) {
        if (!row.actions().restart()) {
            return;
        }
        rowBook.markPending(List.of(row), true);
        status.set("Restarting " + row.id() + "…");
        commands.run("restart " + row.id(), () -> {
            String message;
            try {
                ServiceSnapshot s = stack.restart(row.id());
                message = row.id() + " restarted" + (s.pid() != null ? " (PID " + s.pid() + ")" : "");
            } catch (ServiceException e) {
                message = e.getMessage(); // the row shows the failure and its log
            }
            String text = message;
            return () -> {
                rowBook.markPending(List.of(row), false);
                status.set(text);
            };
        }, () -> rowBook.markPending(List.of(row), false));
    }

    public void startAll() {
        List<ServiceRowViewModel> startable = rows.stream().filter(r -> r.actions().start()).toList();
        if (!startable.isEmpty()) {
            startIds(startable);
        }
    }

    /** Stops every configured service, including ones adopted from earlier CLI runs. */
    public void stopAll() {
        List<ServiceRowViewModel> stoppable = rows.stream().filter(r -> r.actions().stop()).toList();
        rowBook.markPending(stoppable, true);
        status.set("Stopping all services…");
        commands.run("stop all services", () -> {
            Map<String, ServiceRegistry.Outcome> outcomes = stack.stopAll();
            return () -> {
                rowBook.markPending(stoppable, false);
                status.set(OutcomeText.summary("stopped", outcomes));
            };
        }, () -> rowBook.markPending(stoppable, false));
    }

    /** Starts the services configured with {@code autostart: true}. */
    public void startAutostart(Consumer<Map<String, ServiceRegistry.Outcome>> whenDone) {
        List<String> ids = stack.autostartIds();
        List<ServiceRowViewModel> marked = rows.stream().filter(r -> ids.contains(r.id()) && r.actions().start()).toList();
        rowBook.markPending(marked, true);
        if (!ids.isEmpty()) {
            status.set("Starting " + String.join(", ", ids) + "…");
        }
        commands.run("start the autostart services", () -> {
            Map<String, ServiceRegistry.Outcome> outcomes = ids.isEmpty() ? Map.of() : stack.start(ids);
            return () -> {
                rowBook.markPending(marked, false);
                if (!ids.isEmpty()) {
                    status.set(OutcomeText.summary("started", outcomes));
                }
                whenDone.accept(outcomes);
            };
        }, () -> rowBook.markPending(marked, false));
    }

    private void startIds(List<ServiceRowViewModel> targets) {
        List<String> ids = targets.stream().map(ServiceRowViewModel::id).toList();
        rowBook.markPending(targets, true);
        status.set("Starting " + String.join(", ", ids) + "…");
        commands.run("start " + String.join(", ", ids), () -> {
            Map<String, ServiceRegistry.Outcome> outcomes = stack.start(ids);
            return () -> {
                rowBook.markPending(targets, false);
                status.set(OutcomeText.summary("started", outcomes));
            };
        }, () -> rowBook.markPending(targets, false));
    }

    private void stopIds(List<ServiceRowViewModel> targets) {
        List<String> ids = targets.stream().map(ServiceRowViewModel::id).toList();
        rowBook.markPending(targets, true);
        status.set("Stopping " + String.join(", ", ids) + "…");
        commands.run("stop " + String.join(", ", ids), () -> {
            Map<String, ServiceRegistry.Outcome> outcomes = stack.stop(ids);
            return () -> {
                rowBook.markPending(targets, false);
                status.set(OutcomeText.summary("stopped", outcomes));
            };
        }, () -> rowBook.markPending(targets, false));
    }

    /** Copies how to connect (a postgres URL includes its password). */
    public void copyUrl(ServiceRowViewModel row) {
        String url = row.snapshot().url();
        if (url != null) {
            desktop.copyToClipboard(url);
            status.set("Copied the URL of " + row.id());
        }
    }

    public void openInBrowser(ServiceRowViewModel row) {
        String url = row.snapshot().url();
        if (row.actions().openInBrowser() && url != null) {
            desktop.openInBrowser(url);
            status.set("Opened " + url);
        }
    }

    /** The failure of a row with its log tail, for the details dialog. */
    public UserError details(ServiceRowViewModel row) {
        return OutcomeText.details(row);
    }

    /**
     * Removes a postgres instance: stops it, takes it out of the config, deletes its data only
     * when asked. The rows follow from the rebuilt registry.
     */
    public void remove(ServiceRowViewModel row, boolean deleteData) {
        if (!row.actions().remove()) {
            return;
        }
        rowBook.markPending(List.of(row), true);
        status.set("Removing " + row.id() + "…");
        commands.run("remove " + row.id(), () -> {
            java.util.List<java.nio.file.Path> deleted;
            try {
                deleted = stack.removeService(row.id(), deleteData);
            } catch (ConfigException e) {
                return () -> {
                    rowBook.markPending(List.of(row), false);
                    errors.report(new UserError(row.id() + " was not removed: Stackyard could not edit the config file.",
                            "Fix the problem below, or remove the entry by hand.", e.getMessage(), null));
                };
            }
            return () -> {
                rowBook.markPending(List.of(row), false);
                status.set(OutcomeText.removed(row.id(), deleteData, deleted));
            };
        }, () -> rowBook.markPending(List.of(row), false));
    }

    /** Reads the config again (after an edit by hand). */
    public void reload() {
        status.set("Reloading the config…");
        commands.run("reload the config", () -> {
            try {
                stack.reload();
            } catch (ConfigException e) {
                return () -> {
                    status.set("The config was not reloaded");
                    errors.report(configProblem(e));
                };
            }
            return () -> status.set("Config reloaded");
        }, () -> { });
    }

    /** What the window says when the config cannot be loaded. */
    public static UserError configProblem(ConfigException e) {
        return OutcomeText.configProblem(e);
    }

    /** A fresh model for the Add dialog, validating against the services shown now. */
    public AddServiceViewModel newAddService() {
        List<ServiceSnapshot> current = rows.stream().map(ServiceRowViewModel::snapshot).toList();
        AddServiceViewModel add = new AddServiceViewModel(stack, ports, background, ui, current);
        add.load();
        return add;
    }

    /** The Versions dialog's model, where the engine offers installs. */
    public java.util.Optional<VersionsViewModel> newVersions() {
        return stack.versions().map(v -> new VersionsViewModel(v, background, ui));
    }

    /** From now on, commands are refused; the lifecycle stops the services. */
    public void beginQuit() {
        quitting.set(true);
        status.set("Stopping every service before quitting…");
        rowBook.updateToolbar();
    }

}
