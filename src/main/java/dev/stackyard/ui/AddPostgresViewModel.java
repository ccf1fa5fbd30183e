package dev.stackyard.ui;

import dev.stackyard.config.ConfigException;
import dev.stackyard.config.NewServices;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The "Add PostgreSQL instance" dialog: id, version and port, validated as they are typed, the
 * way {@code stackyard add postgres} checks them. OK ({@link #validProperty()}) is enabled only
 * when the id is well-formed and unused and the port is used neither by the config nor by a live
 * process.
 *
 * <p>The inputs are writable properties the view binds both ways; everything else is read-only.
 * UI thread only; the checks that read /proc or run binaries go to the background executor.
 */
public final class AddPostgresViewModel {
    static final int FIRST_PORT = 5432;

    private final StackControl stack;
    private final PortProbe ports;
    private final Executor background;
    private final UiExecutor ui;
    private final Set<String> existingIds;
    private final Map<Integer, String> portOwners = new HashMap<>();

    private final StringProperty id = new SimpleStringProperty(this, "id", "");
    private final StringProperty port = new SimpleStringProperty(this, "port", "");
    private final ObjectProperty<String> version = new SimpleObjectProperty<>(this, "version");
    private final ObservableList<String> versions = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper idError = new ReadOnlyStringWrapper(this, "idError", "");
    private final ReadOnlyStringWrapper portError = new ReadOnlyStringWrapper(this, "portError", "");
    private final ReadOnlyStringWrapper versionNote = new ReadOnlyStringWrapper(this, "versionNote", "");
    private final ReadOnlyStringWrapper submitError = new ReadOnlyStringWrapper(this, "submitError", "");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading", true);
    private final ReadOnlyBooleanWrapper checkingPort = new ReadOnlyBooleanWrapper(this, "checkingPort", false);
    private final ReadOnlyBooleanWrapper submitting = new ReadOnlyBooleanWrapper(this, "submitting", false);
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);
    private final BooleanBinding valid;

    AddPostgresViewModel(StackControl stack, PortProbe ports, Executor background, UiExecutor ui,
                         List<ServiceSnapshot> services) {
        this.stack = stack;
        this.ports = ports;
        this.background = background;
        this.ui = ui;
        this.existingIds = services.stream().map(ServiceSnapshot::id).collect(Collectors.toUnmodifiableSet());
        for (ServiceSnapshot s : services) {
            if (s.port() != null) {
                portOwners.putIfAbsent(s.port(), s.id());
            }
        }
        valid = Bindings.createBooleanBinding(
                () -> !id.get().isEmpty() && idError.get().isEmpty() && !port.get().isEmpty() && portError.get().isEmpty()
                        && !loading.get() && !checkingPort.get() && !submitting.get() && !done.get(),
                id, idError, port, portError, loading, checkingPort, submitting, done);
        id.addListener((obs, old, now) -> validateId());
        port.addListener((obs, old, now) -> validatePort());
    }

    // ---------------------------------------------------------------- inputs

    /** The new service's id. */
    public StringProperty idProperty() {
        return id;
    }

    /** The TCP port, as typed. */
    public StringProperty portProperty() {
        return port;
    }

    /** The PostgreSQL major version; null when none is installed (the newest one then runs). */
    public ObjectProperty<String> versionProperty() {
        return version;
    }

    // ---------------------------------------------------------------- outputs

    /** Installed versions, newest first. */
    public ObservableList<String> versions() {
        return FXCollections.unmodifiableObservableList(versions);
    }

    /** Why the id cannot be used, or empty. */
    public ReadOnlyStringProperty idErrorProperty() {
        return idError.getReadOnlyProperty();
    }

    /** Why the port cannot be used, or empty. */
    public ReadOnlyStringProperty portErrorProperty() {
        return portError.getReadOnlyProperty();
    }

    /** A remark about versions (none installed), or empty. */
    public ReadOnlyStringProperty versionNoteProperty() {
        return versionNote.getReadOnlyProperty();
    }

    /** Why adding failed (the config refused the edit), or empty. */
    public ReadOnlyStringProperty submitErrorProperty() {
        return submitError.getReadOnlyProperty();
    }

    /** The versions and the suggested port are still being looked up. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The port is being checked against live processes. */
    public ReadOnlyBooleanProperty checkingPortProperty() {
        return checkingPort.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty submittingProperty() {
        return submitting.getReadOnlyProperty();
    }

    /** The instance was added: the dialog may close. */
    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    /** Everything checks out: OK may be pressed. */
    public BooleanBinding validProperty() {
        return valid;
    }

    public boolean isValid() {
        return valid.get();
    }

    // ---------------------------------------------------------------- commands

    /** Looks up installed versions and the next free port, in the background. */
    void load() {
        loading.set(true);
        background.execute(() -> {
            List<String> found;
            int suggested;
            try {
                // One entry per major: a service asks for "17" and runs the newest 17.x installed.
                found = stack.installedVersions(ServiceKind.POSTGRES).stream()
                        .map(dev.stackyard.core.bundle.Versions::major).distinct().toList();
                suggested = nextFreePort();
            } catch (RuntimeException e) {
                ui.run(() -> {
                    loading.set(false);
                    submitError.set("Could not look up PostgreSQL versions or a free port: " + e.getMessage());
                });
                return;
            }
            ui.run(() -> {
                versions.setAll(found);
                version.set(found.isEmpty() ? null : found.getFirst());
                versionNote.set(found.isEmpty()
                        ? "PostgreSQL is not installed: use Install another… (no root), or apt install postgresql-15."
                        : "");
                if (port.get().isEmpty()) {
                    port.set(Integer.toString(suggested));
                }
                loading.set(false);
            });
        });
    }

    /** Whether "Install another…" can open the Versions dialog (the engine offers installs). */
    public boolean canInstallAnother() {
        return stack.versions().isPresent();
    }

    /** The Versions dialog's model; after each install or uninstall this form's versions are read again. */
    public Optional<VersionsViewModel> newVersions() {
        return stack.versions().map(v -> {
            VersionsViewModel versionsVm = new VersionsViewModel(v, background, ui);
            versionsVm.onChange(this::load);
            return versionsVm;
        });
    }

        /** The first port from 5432 that is free now and not in the config. */
    private int nextFreePort() {
        return NewServices.nextFreePort(FIRST_PORT, portOwners.keySet(), ports::findFree);
    }

    /**
     * Adds the instance to the config (which is then applied); on success {@link #doneProperty()}
     * turns true, otherwise {@link #submitErrorProperty()} says why.
     */
    public void submit() {
        if (!valid.get()) {
            return;
        }
        ServiceDefinition definition = ServiceDefinition.builder(id.get(), ServiceKind.POSTGRES).version(version.get())
                .port(Integer.parseInt(port.get().strip())).build();
        submitting.set(true);
        submitError.set("");
        background.execute(() -> {
            String problem = null;
            try {
                stack.addService(definition);
            } catch (ConfigException e) {
                problem = e.getMessage();
            } catch (IOException e) {
                problem = "Could not write the config: " + e.getMessage();
            } catch (RuntimeException e) {
                // Added to the file, but the config could not be applied.
                problem = definition.id() + " was added to the config, but the services could not be reloaded: "
                        + e.getMessage();
            }
            String result = problem;
            ui.run(() -> {
                submitting.set(false);
                if (result == null) {
                    done.set(true);
                } else {
                    submitError.set(result);
                }
            });
        });
    }

    // ---------------------------------------------------------------- validation

    private void validateId() {
        idError.set(idProblem(id.get(), existingIds).orElse(""));
    }

    /** Why {@code id} cannot name a new service, if it cannot. */
    static Optional<String> idProblem(String id, Set<String> existing) {
        if (id.isEmpty()) {
            return Optional.of("Enter an id");
        }
        if (!NewServices.validId(id)) {
            return Optional.of("Use lowercase letters, digits and dashes, starting with a letter or digit (at most 40)");
        }
        if (existing.contains(id)) {
            return Optional.of("A service named '" + id + "' already exists");
        }
        return Optional.empty();
    }

    /** Why {@code text} cannot be the port, judging by the config alone, if it cannot. */
    static Optional<String> portProblem(String text, Map<Integer, String> owners) {
        String t = text.strip();
        if (t.isEmpty()) {
            return Optional.of("Enter a port");
        }
        int p;
        try {
            p = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return Optional.of("The port must be a number from 1 to 65535");
        }
        if (p < 1 || p > 65535) {
            return Optional.of("The port must be a number from 1 to 65535");
        }
        String owner = owners.get(p);
        if (owner != null) {
            return Optional.of("Port " + p + " is already used by '" + owner + "'");
        }
        return Optional.empty();
    }

    private void validatePort() {
        String text = port.get();
        Optional<String> problem = portProblem(text, portOwners);
        if (problem.isPresent()) {
            portError.set(problem.get());
            checkingPort.set(false);
            return;
        }
        int p = Integer.parseInt(text.strip());
        portError.set("");
        checkingPort.set(true);
        background.execute(() -> {
            Optional<String> holder = ports.holder(p);
            ui.run(() -> {
                if (!text.equals(port.get())) {
                    return; // typed on meanwhile: a newer check is under way
                }
                checkingPort.set(false);
                portError.set(holder.map(h -> Character.toUpperCase(h.charAt(0)) + h.substring(1)
                        + "; choose another port").orElse(""));
            });
        });
    }
}
