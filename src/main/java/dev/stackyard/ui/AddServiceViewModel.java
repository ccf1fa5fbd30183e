package dev.stackyard.ui;

import dev.stackyard.usecase.StackControl;
import dev.stackyard.config.ConfigException;
import dev.stackyard.config.NewServices;
import dev.stackyard.core.service.Kind;
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
 * The Add dialog: a new instance of any kind whose descriptor has instances (postgres, redis...):
 * kind, id, version and port, validated as they are typed by the rules {@code stackyard add}
 * follows ({@link NewServices}). Choosing a kind reads its installed versions and suggests the next
 * free port from the kind's own first port. OK ({@link #validProperty()}) is enabled only when the
 * id is well-formed and unused and the port is used neither by the config nor by a live process.
 *
 * <p>The inputs are writable properties the view binds both ways; everything else is read-only.
 * UI thread only; the checks that read /proc or run binaries go to the background executor.
 */
public final class AddServiceViewModel {
    private final StackControl stack;
    private final PortProbe ports;
    private final Executor background;
    private final UiExecutor ui;
    private final Set<String> existingIds;
    private final Map<Integer, String> portOwners = new HashMap<>();

    private final ObservableList<ServiceKind> kinds = FXCollections.observableArrayList(NewServices.instanceKinds());
    private final ObjectProperty<ServiceKind> kind = new SimpleObjectProperty<>(this, "kind");
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
    /** The port last filled in by {@link #load}: a kind change replaces it, never a port the person typed. */
    private String lastSuggested = "";

    AddServiceViewModel(StackControl stack, PortProbe ports, Executor background, UiExecutor ui,
                         List<ServiceSnapshot> services) {
        this.stack = stack;
        this.ports = ports;
        this.background = background;
        this.ui = ui;
        this.existingIds = services.stream().map(ServiceSnapshot::id).collect(Collectors.toUnmodifiableSet());
        portOwners.putAll(NewServices.portOwners(services));
        valid = Bindings.createBooleanBinding(
                () -> kind.get() != null && !id.get().isEmpty() && idError.get().isEmpty() && !port.get().isEmpty() && portError.get().isEmpty()
                        && !loading.get() && !checkingPort.get() && !submitting.get() && !done.get(),
                kind, id, idError, port, portError, loading, checkingPort, submitting, done);
        id.addListener((obs, old, now) -> validateId());
        port.addListener((obs, old, now) -> validatePort());
        kind.set(kinds.isEmpty() ? null : kinds.getFirst());
        kind.addListener((obs, old, now) -> load());
    }

    // ---------------------------------------------------------------- inputs

    /** The kind of the new instance; one of {@link #kinds()}. Changing it reads its versions and suggests a port. */
    public ObjectProperty<ServiceKind> kindProperty() {
        return kind;
    }

    /** The new service's id. */
    public StringProperty idProperty() {
        return id;
    }

    /** The TCP port, as typed. */
    public StringProperty portProperty() {
        return port;
    }

    /** The major version; null when none is installed (the newest one then runs). */
    public ObjectProperty<String> versionProperty() {
        return version;
    }

    // ---------------------------------------------------------------- outputs

    /** The kinds that take instances, in registration order. */
    public ObservableList<ServiceKind> kinds() {
        return FXCollections.unmodifiableObservableList(kinds);
    }

    /** The chosen kind's one-line description ("a PostgreSQL server with its own data folder and port"), or empty. */
    public String kindDescription() {
        ServiceKind k = kind.get();
        return k == null ? "" : k.spec().instances().map(i -> i.what()).orElse("");
    }

    /** Installed versions of the chosen kind (one per major), newest first. */
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

    /**
     * Looks up the chosen kind's installed versions and, unless a port was typed for another reason,
     * the next free port from the kind's first port; in the background.
     */
    void load() {
        ServiceKind chosen = kind.get();
        if (chosen == null) {
            loading.set(false);
            versionNote.set("No kind of service takes instances");
            return;
        }
        loading.set(true);
        String suggestedBefore = lastSuggested;
        background.execute(() -> {
            List<String> found;
            int suggested;
            try {
                found = NewServices.majors(stack.installedVersions(chosen));
                suggested = NewServices.suggestedPort(chosen, portOwners.keySet(), ports::findFree);
            } catch (RuntimeException e) {
                ui.run(() -> {
                    loading.set(false);
                    submitError.set("Could not look up " + chosen.spec().title() + " versions or a free port: " + e.getMessage());
                });
                return;
            }
            ui.run(() -> {
                if (kind.get() != chosen) {
                    return; // another kind was chosen meanwhile: its own lookup is under way
                }
                versions.setAll(found);
                version.set(found.isEmpty() ? null : found.getFirst());
                // A kind without versions (mail: Stackyard's own code) has nothing to install.
                versionNote.set(found.isEmpty() && chosen.spec().versions().versioned()
                        ? chosen.spec().title() + " is not installed" + (canInstallAnother()
                        && chosen.spec().versions() == Kind.VersionSource.SYSTEM_AND_MAVEN
                        ? ": use Install another… (no root), or install it from the system's packages."
                        : "; install it from the system's packages.")
                        : "");
                if (port.get().isEmpty() || port.get().equals(suggestedBefore)) {
                    lastSuggested = Integer.toString(suggested);
                    port.set(lastSuggested);
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

    /**
     * Adds the instance to the config (which is then applied); on success {@link #doneProperty()}
     * turns true, otherwise {@link #submitErrorProperty()} says why.
     */
    public void submit() {
        if (!valid.get()) {
            return;
        }
        ServiceDefinition definition = NewServices.instance(kind.get(), id.get(), version.get(),
                Integer.parseInt(port.get().strip()));
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
        return NewServices.portProblem(p, owners).map(m -> Character.toUpperCase(m.charAt(0)) + m.substring(1));
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
