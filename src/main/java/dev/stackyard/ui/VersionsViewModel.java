package dev.stackyard.ui;

import dev.stackyard.usecase.VersionControl;
import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.InstallCancelledException;
import dev.stackyard.core.bundle.InstallProgress;
import dev.stackyard.core.bundle.VersionCatalog;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceKind;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * The Versions dialog: per kind, the installed versions (system packages and Stackyard's bundles)
 * and the installable ones (the newest release of each major); Install with progress and Cancel,
 * Uninstall (refused, naming the services, while any uses the bundle). One install at a time.
 *
 * <p>UI thread only; listing, installing and removing run on the background executor and hand
 * their results back through the {@link UiExecutor}.
 */
public final class VersionsViewModel {

    /**
     * One line of the table.
     *
     * @param installed whether this version is on the machine
     * @param bundled   whether it is one of Stackyard's bundles (which Uninstall may remove)
     * @param detail    where it is and where it came from, or where it would come from
     */
    public record Row(ServiceKind kind, String version, boolean installed, boolean bundled, String detail) {
        /** "installed", "installed (Stackyard)" or "available". */
        public String status() {
            return !installed ? "available" : bundled ? "installed (Stackyard)" : "installed (system)";
        }
    }

    private final VersionControl versions;
    private final Executor background;
    private final UiExecutor ui;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyBooleanWrapper installing = new ReadOnlyBooleanWrapper(this, "installing", false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper repository = new ReadOnlyStringWrapper(this, "repository", "");
    private Cancellation cancellation;

    public VersionsViewModel(VersionControl versions, Executor background, UiExecutor ui) {
        this.versions = versions;
        this.background = background;
        this.ui = ui;
    }

    // ---------------------------------------------------------------- outputs

    /** Kind by kind: installed versions first (newest first), then available ones. */
    public ObservableList<Row> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The list is being read (the repository may be slow). */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** An install or uninstall runs: the buttons wait. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** An install runs: Cancel applies. */
    public ReadOnlyBooleanProperty installingProperty() {
        return installing.getReadOnlyProperty();
    }

    /** 0..1 while bytes arrive; -1 (indeterminate) while the size is unknown or it unpacks. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "5.1 MiB of 14.3 MiB (36%)", or the current step. */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    /** What the last command did, or empty. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last command failed (one sentence), or empty. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Where installs come from. */
    public ReadOnlyStringProperty repositoryProperty() {
        return repository.getReadOnlyProperty();
    }

    public boolean canInstall(Row row) {
        return row != null && !row.installed() && !busy.get();
    }

    public boolean canUninstall(Row row) {
        return row != null && row.bundled() && !busy.get();
    }

    /** Called on the UI thread after each install or uninstall that changed what is installed. */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    // ---------------------------------------------------------------- commands

    /** Reads the installed and installable versions, in the background. */
    public void load() {
        loading.set(true);
        background.execute(() -> {
            List<VersionCatalog.KindVersions> all;
            String repo;
            try {
                all = versions.list();
                repo = versions.repository();
            } catch (RuntimeException e) {
                ui.run(() -> {
                    loading.set(false);
                    error.set("Could not list the versions: " + e.getMessage());
                });
                return;
            }
            List<Row> built = rowsOf(all);
            String problems = String.join(" ", all.stream().filter(k -> k.installableError() != null)
                    .map(k -> k.kind() + ": " + k.installableError()).toList());
            ui.run(() -> {
                rows.setAll(built);
                repository.set(repo);
                if (!problems.isEmpty()) {
                    error.set("Installable versions are unknown. " + problems);
                }
                loading.set(false);
            });
        });
    }

    static List<Row> rowsOf(List<VersionCatalog.KindVersions> all) {
        List<Row> out = new ArrayList<>();
        for (VersionCatalog.KindVersions k : all) {
            for (Installation i : k.installed()) {
                out.add(new Row(k.kind(), i.exactVersion(), true, i.bundled(), i.binary() + " — " + i.origin()));
            }
            for (String v : BundleInstaller.newestPerMajor(k.notInstalled())) {
                out.add(new Row(k.kind(), v, false, false, "from the Maven repository"));
            }
        }
        return out;
    }

    /** Installs {@code row}'s version in the background, with progress; {@link #cancel()} stops it. */
    public void install(Row row) {
        if (!canInstall(row)) {
            return;
        }
        Cancellation cancel = new Cancellation();
        cancellation = cancel;
        busy.set(true);
        installing.set(true);
        error.set("");
        message.set("");
        progress.set(-1);
        progressText.set("Installing " + row.kind() + " " + row.version() + "…");
        InstallProgress report = new InstallProgress() {
            private long lastPercent = -2;

            @Override
            public void step(String description) {
                ui.run(() -> {
                    progress.set(description.startsWith("downloading") ? progress.get() : -1);
                    progressText.set(Character.toUpperCase(description.charAt(0)) + description.substring(1));
                });
            }

            @Override
            public void bytes(long done, long total) {
                long percent = total > 0 ? done * 100 / total : -1;
                if (percent == lastPercent && done != total) {
                    return; // one UI update per percent, not per 64 KiB
                }
                lastPercent = percent;
                ui.run(() -> {
                    progress.set(total > 0 ? (double) done / total : -1);
                    progressText.set("Downloading " + row.kind() + " " + row.version() + ": "
                            + VersionCatalog.progressText(done, total));
                });
            }
        };
        background.execute(() -> {
            String failure = null;
            String done = null;
            try {
                BundleInstaller.Installed installed = versions.install(row.kind(), row.version(), report, cancel);
                done = "Installed " + row.kind() + " " + installed.version() + " in " + installed.folder();
            } catch (InstallCancelledException e) {
                done = "Cancelled; nothing was installed.";
            } catch (IOException | RuntimeException e) {
                failure = "Could not install " + row.kind() + " " + row.version() + ": " + e.getMessage();
            }
            finish(failure, done);
        });
    }

    /** Cancels the running install (it removes what it made). */
    public void cancel() {
        if (cancellation != null) {
            cancellation.cancel();
            progressText.set("Cancelling…");
        }
    }

    /** Removes {@code row}'s bundle, unless a configured service uses it. */
    public void uninstall(Row row) {
        if (!canUninstall(row)) {
            return;
        }
        busy.set(true);
        error.set("");
        message.set("");
        background.execute(() -> {
            String failure = null;
            String done = null;
            try {
                List<String> users = versions.users(row.kind(), row.version());
                if (!users.isEmpty()) {
                    failure = row.kind() + " " + row.version() + " is used by " + String.join(", ", users)
                            + "; remove " + (users.size() == 1 ? "that service" : "those services")
                            + " or set another version first.";
                } else {
                    versions.uninstall(row.kind(), row.version());
                    done = "Uninstalled " + row.kind() + " " + row.version() + ".";
                }
            } catch (IOException | RuntimeException e) {
                failure = "Could not uninstall " + row.kind() + " " + row.version() + ": " + e.getMessage();
            }
            finish(failure, done);
        });
    }

    private void finish(String failure, String done) {
        List<VersionCatalog.KindVersions> all = failure == null ? versions.list() : null;
        ui.run(() -> {
            busy.set(false);
            installing.set(false);
            cancellation = null;
            progress.set(0);
            progressText.set("");
            if (failure != null) {
                error.set(failure);
                return;
            }
            message.set(done);
            rows.setAll(rowsOf(all));
            changeListeners.forEach(Runnable::run);
        });
    }
}
