package dev.stackyard.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import java.util.function.Consumer;

/**
 * Asks before removing a postgres instance, and whether to delete its data too. Keeping the data
 * is the default: deleting has to be ticked. Non-blocking.
 */
final class RemoveDialog {
    private RemoveDialog() {
    }

    /** Calls {@code onRemove} with "delete the data too?" when the person confirms. */
    static Alert show(Window owner, String id, Consumer<Boolean> onRemove) {
        ButtonType remove = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", remove, ButtonType.CANCEL);
        alert.setTitle("Remove " + id);
        alert.setHeaderText("Remove " + id + "?");
        Label text = new Label("It is stopped and taken out of stackyard.yaml.");
        text.setWrapText(true);
        CheckBox deleteData = new CheckBox("Also delete its data (the database cluster). This cannot be undone.");
        deleteData.setId("removeDeleteData");
        deleteData.setSelected(false);
        alert.getDialogPane().setContent(new VBox(10, text, deleteData));
        alert.getDialogPane().setId("removeDialog");
        alert.getDialogPane().getStylesheets().add(MainWindow.stylesheet());
        alert.getDialogPane().lookupButton(remove).setId("removeOk");
        alert.getDialogPane().lookupButton(ButtonType.CANCEL).setId("removeCancel");
        if (owner != null && owner.isShowing()) {
            alert.initOwner(owner);
        }
        alert.setOnHidden(e -> {
            if (alert.getResult() == remove) {
                onRemove.accept(deleteData.isSelected());
            }
        });
        alert.show();
        return alert;
    }
}
