package dev.stackyard.ui;

import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.stage.Window;

/**
 * The Versions dialog: a table of installed and installable versions with Install (progress bar,
 * Cancel) and Uninstall. Binds to {@link VersionsViewModel}; ids are the test API. Non-blocking.
 */
public final class VersionsDialog {
    private VersionsDialog() {
    }

    public static Dialog<ButtonType> show(Window owner, VersionsViewModel vm) {
        TableView<VersionsViewModel.Row> table = new TableView<>(vm.rows());
        table.setId("versionsTable");
        table.getStyleClass().add("sy-versions");
        table.getColumns().add(column("Kind", 70, r -> r.kind().configName()));
        table.getColumns().add(column("Version", 80, VersionsViewModel.Row::version));
        table.getColumns().add(column("Status", 120, VersionsViewModel.Row::status));
        table.getColumns().add(column("Where", 420, VersionsViewModel.Row::detail));
        // Every column as wide as what it lists, Where taking any width left; the dialog follows
        // (within the screen, where the table scrolls sideways and a cell's tooltip shows it whole).
        ColumnFit.apply(table, table.getColumns().get(3), 200, true, table.getColumns().subList(0, 3));
        table.setPrefHeight(340);
        table.setPlaceholder(new Label("Reading the installed versions and the repository…"));

        Button install = new Button("Install");
        install.setId("versionsInstall");
        Button uninstall = new Button("Uninstall");
        uninstall.setId("versionsUninstall");
        Button cancel = new Button("Cancel install");
        cancel.setId("versionsCancel");
        var selected = table.getSelectionModel().selectedItemProperty();
        install.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.canInstall(selected.get()), selected, vm.busyProperty()));
        uninstall.disableProperty().bind(Bindings.createBooleanBinding(() -> !vm.canUninstall(selected.get()), selected, vm.busyProperty()));
        cancel.visibleProperty().bind(vm.installingProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        install.setOnAction(e -> vm.install(selected.get()));
        uninstall.setOnAction(e -> vm.uninstall(selected.get()));
        cancel.setOnAction(e -> vm.cancel());

        ProgressBar bar = new ProgressBar();
        bar.setId("versionsProgress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(vm.progressProperty());
        bar.visibleProperty().bind(vm.installingProperty());
        Label progressText = label("versionsProgressText", "sy-muted");
        progressText.textProperty().bind(vm.progressTextProperty());
        HBox actions = new HBox(8, install, uninstall, cancel, bar, progressText);
        HBox.setHgrow(progressText, Priority.ALWAYS);

        Label repository = label("versionsRepository", "sy-muted");
        repository.textProperty().bind(Bindings.concat("Installs come from ", vm.repositoryProperty(),
                " (set STACKYARD_MAVEN_REPO or mavenRepository: in stackyard.yaml to change it); no root needed."));
        Label message = label("versionsMessage", "sy-muted");
        message.textProperty().bind(vm.messageProperty());
        Label error = label("versionsError", "sy-field-error");
        error.textProperty().bind(vm.errorProperty());

        VBox content = new VBox(8, table, actions, message, error, repository);
        content.setPadding(new Insets(4));
        VBox.setVgrow(table, Priority.ALWAYS);

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Versions");
        dialog.setHeaderText("Versions of each kind, side by side, installed for you alone");
        dialog.setResizable(true);
        dialog.getDialogPane().setId("versionsDialog");
        dialog.getDialogPane().getStylesheets().add(MainWindow.stylesheet());
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CLOSE)).setId("versionsClose");
        // Closing the dialog does not leave an install running unseen.
        dialog.setOnHidden(e -> vm.cancel());
        if (owner != null && owner.isShowing()) {
            dialog.initOwner(owner);
        }
        vm.load();
        dialog.show();
        // Minimums grow with the content only (Where's width follows the window's: not that).
        DialogFit.follow(dialog, table.getColumns().stream().map(TableColumn::minWidthProperty).toList());
        return dialog;
    }

    private static TableColumn<VersionsViewModel.Row, String> column(String title, double width,
                                                                      java.util.function.Function<VersionsViewModel.Row, String> value) {
        TableColumn<VersionsViewModel.Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setSortable(false);
        c.setCellValueFactory(f -> new ReadOnlyStringWrapper(value.apply(f.getValue())).getReadOnlyProperty());
        c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();

            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                tip.setText(empty ? "" : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : tip);
            }
        });
        return c;
    }

    private static Label label(String id, String style) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().add(style);
        l.setWrapText(true);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }
}
