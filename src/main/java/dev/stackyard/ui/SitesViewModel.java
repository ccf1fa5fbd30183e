package dev.stackyard.ui;

import dev.stackyard.config.ConfigException;
import dev.stackyard.core.site.Site;
import dev.stackyard.core.site.SiteException;
import dev.stackyard.usecase.SiteService;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The Sites tab: the sites as rows, the installed PHP versions for the selector, and commands that
 * run the {@link SiteService} on the background executor (they edit the config, run openssl and
 * nginx -t, and wait for a reload) and publish the outcome through the {@link UiExecutor}.
 *
 * <p>Properties and lists change on the UI thread only. One command runs at a time: while one is
 * busy, the others are refused (the view disables its controls through {@link #busyProperty()}).
 */
public final class SitesViewModel {
    /** The PHP selector's entry for "the nginx service's own php-fpm". */
    public static final String DEFAULT_PHP = "default";

    private final SiteService sites;
    private final UiExecutor ui;
    private final Executor background;
    private final DesktopActions desktop;
    private final ErrorReporter errors;
    private final ObservableList<Site> rows = FXCollections.observableArrayList();
    private final ObservableList<String> phpChoices = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    /** A refresh asked for while a command was busy: done once it finishes (UI thread). */
    private boolean refreshPending;
    private volatile boolean shown;
    private final Object watchLock = new Object();
    /** The parked folders' watch while the tab is shown; null while hidden. */
    private SiteService.ParkedWatch watch;

    public SitesViewModel(SiteService sites, UiExecutor ui, Executor background, DesktopActions desktop,
                          ErrorReporter errors) {
        this.sites = sites;
        this.ui = ui;
        this.background = background;
        this.desktop = desktop;
        this.errors = errors;
    }

    /** The sites, broken ones included, in config order. */
    public ObservableList<Site> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** {@link #DEFAULT_PHP} and the installed php-fpm versions. */
    public ObservableList<String> phpChoices() {
        return FXCollections.unmodifiableObservableList(phpChoices);
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /**
     * While the tab is shown ({@code true}), a sub-folder made in or removed from a parked folder
     * shows up (or goes) by itself: the parked folders are watched (file-system events) and the
     * list read again after a change. While hidden nothing is watched or read. UI thread.
     */
    public void setShown(boolean on) {
        if (on == shown) {
            return;
        }
        shown = on;
        background.execute(this::syncWatch);
    }

    /** Whether the parked folders are watched now (tests). */
    public boolean watching() {
        synchronized (watchLock) {
            return watch != null;
        }
    }

    /** Starts or stops the watch to match {@link #shown}; background thread. */
    private void syncWatch() {
        synchronized (watchLock) {
            if (shown && watch == null) {
                try {
                    watch = sites.watchParked(() -> ui.run(this::refresh));
                } catch (IOException | RuntimeException e) {
                    String message = "New sub-folders of parked folders show after Reload: cannot watch them (" + e.getMessage() + ")";
                    ui.run(() -> status.set(message));
                }
            } else if (!shown && watch != null) {
                watch.close();
                watch = null;
            }
        }
    }

    /** Reads the config and the disk again (no reload of nginx); once more after a busy command. */
    public void refresh() {
        if (busy.get()) {
            refreshPending = true;
            return;
        }
        run("Reading the sites", () -> {
            sites.refresh();
            return null;
        });
    }

    /** Renders the sites again (new sub-folders of parked folders) and reloads nginx. */
    public void reload() {
        run("Reloading the sites", sites::reload);
    }

    public void link(Path dir) {
        run("Linking " + dir, () -> sites.link(dir, null, null, null));
    }

    public void park(Path dir) {
        run("Parking " + dir, () -> sites.park(dir, null, null));
    }

    public void unlink(Site site) {
        if (site.parkedIn() != null) {
            status.set(site.name() + " comes from the parked folder " + site.parkedIn() + "; move its folder out to unlink it");
            return;
        }
        run("Unlinking " + site.name(), () -> sites.unlink(site.name()));
    }

    public void setSecure(Site site, boolean on) {
        if (site.secure() != on) {
            run((on ? "Securing " : "Unsecuring ") + site.name(), () -> sites.secure(site.name(), on));
        }
    }

    /** @param choice an entry of {@link #phpChoices()} */
    public void setPhp(Site site, String choice) {
        String version = DEFAULT_PHP.equals(choice) ? null : choice;
        if (java.util.Objects.equals(version, site.phpVersion())) {
            return;
        }
        run("Switching " + site.name() + " to PHP " + choice, () -> sites.php(site.name(), version));
    }

    /** The selector's value for a site. */
    public static String phpChoice(Site site) {
        return site.phpVersion() == null ? DEFAULT_PHP : site.phpVersion();
    }

    public void copyUrl(Site site) {
        desktop.copyToClipboard(site.preferredUrl());
        status.set("Copied " + site.preferredUrl());
    }

    public void open(Site site) {
        desktop.openInBrowser(site.preferredUrl());
    }

    /** A command's work, run in the background; its result's message goes to the status line. */
    @FunctionalInterface
    private interface Work {
        SiteService.Result run() throws IOException, ConfigException;
    }

    private void run(String what, Work work) {
        if (busy.get()) {
            status.set("Busy: wait for the current change to finish");
            return;
        }
        busy.set(true);
        status.set(what + "…");
        background.execute(() -> {
            String message;
            UserError error = null;
            try {
                SiteService.Result result = work.run();
                message = result == null ? "" : String.join("; ", prepend(result.message(), result.describe()));
            } catch (SiteException e) {
                message = e.getMessage();
                error = UserError.withLog(e.getMessage(), "Fix it and try again; the running sites keep serving.", e.detail());
            } catch (ConfigException e) {
                message = e.getMessage().lines().findFirst().orElse("");
                error = new UserError("The config was not changed", "Fix stackyard.yaml and try again.", e.getMessage(), null);
            } catch (IOException | RuntimeException e) {
                message = what + " failed: " + e.getMessage();
                error = UserError.unexpected(what + " failed", e);
            }
            List<Site> now = sites.list();
            List<String> php = sites.phpVersions();
            synchronized (watchLock) {
                if (watch != null) {
                    watch.rewatch(); // a folder parked or unparked meanwhile
                }
            }
            String shown = message;
            UserError reported = error;
            ui.run(() -> {
                rows.setAll(now);
                phpChoices.setAll(prepend(DEFAULT_PHP, php));
                status.set(shown);
                busy.set(false);
                if (reported != null) {
                    errors.report(reported);
                }
                if (refreshPending) {
                    refreshPending = false;
                    refresh();
                }
            });
        });
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> out = new java.util.ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
