package dev.stackyard.ui;

import dev.stackyard.core.service.ServiceKind;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.util.StringConverter;

/** Binds the Add dialog's form to {@link AddServiceViewModel}. */
public final class AddServiceController {
    private final AddServiceViewModel vm;

    @FXML
    private ComboBox<ServiceKind> addKind;
    @FXML
    private Label addKindNote;
    @FXML
    private TextField addId;
    @FXML
    private Label addIdError;
    @FXML
    private ComboBox<String> addVersion;
    @FXML
    private Label addVersionNote;
    @FXML
    private javafx.scene.control.Hyperlink addInstallAnother;
    @FXML
    private TextField addPort;
    @FXML
    private Label addPortError;
    @FXML
    private ProgressIndicator addBusy;
    @FXML
    private Label addSubmitError;

    public AddServiceController(AddServiceViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        addKind.setItems(vm.kinds());
        addKind.valueProperty().bindBidirectional(vm.kindProperty());
        addKind.setConverter(new StringConverter<>() {
            @Override
            public String toString(ServiceKind kind) {
                return kind == null ? "" : kind.spec().title();
            }

            @Override
            public ServiceKind fromString(String text) {
                return vm.kinds().stream().filter(k -> k.spec().title().equals(text)).findFirst().orElse(null);
            }
        });
        addKindNote.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(vm::kindDescription,
                vm.kindProperty()));
        addId.textProperty().bindBidirectional(vm.idProperty());
        addPort.textProperty().bindBidirectional(vm.portProperty());
        addVersion.setItems(vm.versions());
        addVersion.valueProperty().bindBidirectional(vm.versionProperty());
        addVersion.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.versions()));
        addIdError.textProperty().bind(vm.idErrorProperty());
        addPortError.textProperty().bind(vm.portErrorProperty());
        addVersionNote.textProperty().bind(vm.versionNoteProperty());
        addSubmitError.textProperty().bind(vm.submitErrorProperty());
        collapseWhenEmpty(addIdError);
        collapseWhenEmpty(addPortError);
        collapseWhenEmpty(addVersionNote);
        collapseWhenEmpty(addSubmitError);
        addInstallAnother.setVisible(vm.canInstallAnother());
        addInstallAnother.managedProperty().bind(addInstallAnother.visibleProperty());
        addInstallAnother.setOnAction(e -> vm.newVersions().ifPresent(v ->
                VersionsDialog.show(addInstallAnother.getScene() == null ? null : addInstallAnother.getScene().getWindow(), v)));
        addBusy.visibleProperty().bind(vm.loadingProperty().or(vm.checkingPortProperty()).or(vm.submittingProperty()));
    }

    private static void collapseWhenEmpty(Label label) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    /** Where the cursor goes when the dialog opens. */
    Node firstField() {
        return addId;
    }
}
