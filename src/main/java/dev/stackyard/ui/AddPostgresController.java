package dev.stackyard.ui;

import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;

/** Binds the add-instance form to {@link AddPostgresViewModel}. */
public final class AddPostgresController {
    private final AddPostgresViewModel vm;

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

    public AddPostgresController(AddPostgresViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
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
