package dev.stackyard.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Shows a {@link UserError}: what failed as the header, what to do as the text, the detail
 * collapsed under "Show details". Non-modal towards the rest of the app's work: it never blocks
 * the caller. UI thread.
 */
public final class ErrorDialog {
    private ErrorDialog() {
    }

    public static Alert show(Window owner, UserError error) {
        Alert alert = new Alert(Alert.AlertType.ERROR, "", ButtonType.CLOSE);
        alert.setTitle("Stackyard");
        alert.setHeaderText(error.summary());
        Label advice = new Label(error.advice());
        advice.setWrapText(true);
        advice.setId("errorAdvice");
        alert.getDialogPane().setContent(new VBox(advice));
        alert.getDialogPane().setId("errorDialog");
        alert.getDialogPane().getStylesheets().add(MainWindow.stylesheet());
        alert.getDialogPane().setMinWidth(520);
        if (!error.details().isBlank()) {
            TextArea details = new TextArea(error.details());
            details.setEditable(false);
            details.setWrapText(false);
            details.setPrefRowCount(14);
            details.setPrefColumnCount(80);
            details.getStyleClass().add("sy-monospace");
            details.setId("errorDetails");
            VBox.setVgrow(details, Priority.ALWAYS);
            alert.getDialogPane().setExpandableContent(new VBox(details));
        }
        if (owner != null && owner.isShowing()) {
            alert.initOwner(owner);
        }
        alert.show();
        return alert;
    }
}
