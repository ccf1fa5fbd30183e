package dev.stackyard.ui;

import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.stage.Window;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Add dialog: a new instance of any kind that takes several (see {@link AddServiceViewModel}). OK stays disabled until the form is valid; pressing it
 * adds the instance in the background and closes the dialog only once that succeeded (a refusal
 * by the config stays in the dialog, under the form). Non-blocking: {@link #show} returns at once.
 */
public final class AddServiceDialog {
    private AddServiceDialog() {
    }

    public static Dialog<ButtonType> show(Window owner, AddServiceViewModel vm) {
        FXMLLoader loader = new FXMLLoader(AddServiceDialog.class.getResource("AddServiceView.fxml"));
        loader.setControllerFactory(type -> new AddServiceController(vm));
        Node form;
        try {
            form = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load AddServiceView.fxml", e);
        }
        AddServiceController controller = loader.getController();

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Add service");
        dialog.setHeaderText("A new server of its own, one per project: a database, a cache");
        dialog.getDialogPane().setId("addDialog");
        dialog.getDialogPane().getStylesheets().add(MainWindow.stylesheet());
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        if (owner != null && owner.isShowing()) {
            dialog.initOwner(owner);
        }
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("addOk");
        ok.setText("Add");
        ok.disableProperty().bind(vm.validProperty().not());
        Button cancel = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setId("addCancel");
        ok.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume(); // close only once the config accepted it
            vm.submit();
        });
        vm.doneProperty().addListener((obs, was, done) -> {
            if (done) {
                dialog.setResult(ButtonType.OK);
                dialog.close();
            }
        });
        // Messages come and go under the fields: let the window follow the form's height.
        for (var message : java.util.List.of(vm.idErrorProperty(), vm.portErrorProperty(), vm.versionNoteProperty(),
                vm.submitErrorProperty())) {
            message.addListener((obs, old, now) -> Platform.runLater(() -> {
                if (dialog.isShowing()) {
                    dialog.getDialogPane().getScene().getWindow().sizeToScene();
                }
            }));
        }
        dialog.show();
        Platform.runLater(controller.firstField()::requestFocus);
        return dialog;
    }
}
