package dev.stackyard.ui;

import dev.stackyard.usecase.MailClient;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.shape.Circle;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Mail tab's controller: binds {@code MailView.fxml} to {@link MailViewModel}. An attachment's
 * buttons carry ids made from its position ({@code mail-open-0}, {@code mail-save-0}) for tests;
 * unread rows carry the style class {@code sy-unread}.
 */
public final class MailController {
    /** Asks the person where to save a file: (owner window, suggested name) → the file, or empty when cancelled. */
    public interface SaveChooser extends BiFunction<Window, String, Optional<Path>> {
    }

    private final MailViewModel vm;
    private final SaveChooser chooser;

    @FXML
    private BorderPane mailRoot;
    @FXML
    private ComboBox<String> mailService;
    @FXML
    private Button mailOpenHtml;
    @FXML
    private Button mailDelete;
    @FXML
    private Button mailDeleteAll;
    @FXML
    private TableView<MailClient.Summary> mailTable;
    @FXML
    private TableColumn<MailClient.Summary, MailClient.Summary> mailUnreadColumn;
    @FXML
    private TableColumn<MailClient.Summary, MailClient.Summary> mailTimeColumn;
    @FXML
    private TableColumn<MailClient.Summary, MailClient.Summary> mailFromColumn;
    @FXML
    private TableColumn<MailClient.Summary, MailClient.Summary> mailToColumn;
    @FXML
    private TableColumn<MailClient.Summary, MailClient.Summary> mailAttachmentColumn;
    @FXML
    private TableColumn<MailClient.Summary, MailClient.Summary> mailSubjectColumn;
    @FXML
    private TextArea mailHeaders;
    @FXML
    private TextArea mailBody;
    @FXML
    private ListView<MailClient.Attachment> mailAttachments;
    @FXML
    private Label mailStatus;

    public MailController(MailViewModel vm, SaveChooser chooser) {
        this.vm = vm;
        this.chooser = chooser;
    }

    /** Loads the tab's content. UI thread. */
    public static Parent load(MailViewModel vm, SaveChooser chooser) {
        FXMLLoader loader = new FXMLLoader(MailController.class.getResource("MailView.fxml"));
        loader.setControllerFactory(type -> new MailController(vm, chooser));
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load MailView.fxml", e);
        }
    }

    /** The system's save dialog. */
    public static SaveChooser systemChooser() {
        return (owner, name) -> {
            FileChooser dialog = new FileChooser();
            dialog.setTitle("Save attachment");
            dialog.setInitialFileName(name);
            File chosen = dialog.showSaveDialog(owner);
            return Optional.ofNullable(chosen).map(File::toPath);
        };
    }

    @FXML
    private void initialize() {
        mailOpenHtml.setGraphic(Icons.of(Feather.EXTERNAL_LINK));
        mailDelete.setGraphic(Icons.of(Feather.TRASH));
        mailDeleteAll.setGraphic(Icons.of(Feather.TRASH_2));
        mailService.setItems(vm.services());
        mailService.visibleProperty().bind(javafx.beans.binding.Bindings.size(vm.services()).greaterThan(1));
        mailService.managedProperty().bind(mailService.visibleProperty());
        mailService.valueProperty().addListener((obs, old, id) -> vm.chooseService(id));
        vm.serviceProperty().addListener((obs, old, id) -> mailService.setValue(id));

        mailTable.setItems(vm.rows());
        for (TableColumn<MailClient.Summary, MailClient.Summary> c : List.of(mailUnreadColumn, mailTimeColumn,
                mailFromColumn, mailToColumn, mailAttachmentColumn, mailSubjectColumn)) {
            c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        }
        mailUnreadColumn.setCellFactory(c -> cell(m -> {
            if (m.read()) {
                return null;
            }
            Circle dot = new Circle(4);
            dot.getStyleClass().add("sy-unread-dot");
            return dot;
        }));
        mailTimeColumn.setCellFactory(c -> cell(m -> new Label(m.created() == null ? ""
                : MailViewModel.TIME.format(m.created().atZone(java.time.ZoneId.systemDefault())))));
        // Senders and recipients keep their column's width: a long one is cut, and shown whole in its tooltip.
        mailFromColumn.setCellFactory(c -> cell(m -> cut(m.from().display())));
        mailToColumn.setCellFactory(c -> cell(m -> cut(m.to().stream().map(MailClient.Address::display)
                .collect(Collectors.joining(", ")))));
        mailAttachmentColumn.setCellFactory(c -> cell(m -> {
            if (m.attachments() == 0) {
                return null;
            }
            Label clip = new Label(null, Icons.of(Feather.PAPERCLIP));
            clip.setTooltip(new Tooltip(m.attachments() == 1 ? "1 attachment" : m.attachments() + " attachments"));
            clip.getStyleClass().add("sy-attachment-mark");
            return clip;
        }));
        mailSubjectColumn.setCellFactory(c -> cell(m -> cut(m.subject().isEmpty() ? "(no subject)" : m.subject())));
        mailTable.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(MailClient.Summary m, boolean empty) {
                super.updateItem(m, empty);
                getStyleClass().remove("sy-unread");
                if (!empty && m != null && !m.read()) {
                    getStyleClass().add("sy-unread");
                }
            }
        });
        ColumnFit.apply(mailTable, mailSubjectColumn, 160, false, List.of(mailUnreadColumn, mailTimeColumn,
                mailAttachmentColumn));
        mailTable.getSelectionModel().selectedItemProperty().addListener((obs, old, m) -> vm.select(m));
        // A new list (new mail, a message read) keeps the message shown selected.
        vm.rows().addListener((ListChangeListener<MailClient.Summary>) change -> reselect());

        mailHeaders.textProperty().bind(vm.headersProperty());
        mailBody.textProperty().bind(vm.bodyProperty());
        mailAttachments.setItems(vm.attachments());
        mailAttachments.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.attachments()));
        mailAttachments.managedProperty().bind(mailAttachments.visibleProperty());
        mailAttachments.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(MailClient.Attachment a, boolean empty) {
                super.updateItem(a, empty);
                setText(null);
                setGraphic(empty || a == null ? null : attachment(a, getIndex()));
            }
        });
        mailOpenHtml.disableProperty().bind(vm.hasHtmlProperty().not());
        mailDelete.disableProperty().bind(vm.shownMessageProperty().isNull());
        mailDeleteAll.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.rows()));
        mailStatus.textProperty().bind(vm.statusProperty());
        mailStatus.setTooltip(new Tooltip());
        mailStatus.getTooltip().textProperty().bind(vm.statusProperty());
    }

    private static Label cut(String text) {
        Label label = new Label(text);
        label.setMinWidth(0);
        label.setTooltip(new Tooltip(text));
        return label;
    }

    private Node attachment(MailClient.Attachment a, int index) {
        Label name = new Label(a.fileName() + "  (" + a.contentType() + ", " + Formats.bytes(a.size()) + ")",
                Icons.of(Feather.PAPERCLIP));
        name.setMinWidth(0);
        name.setTooltip(new Tooltip(name.getText()));
        Button open = new Button("Open");
        open.setId("mail-open-" + index);
        open.setOnAction(e -> vm.open(a));
        Button save = new Button("Save…");
        save.setId("mail-save-" + index);
        save.setOnAction(e -> chooser.apply(window(), MailViewModel.safeName(a)).ifPresent(p -> vm.save(a, p)));
        open.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
        save.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
        Pane gap = new Pane();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox line = new HBox(6, name, gap, open, save);
        line.setAlignment(Pos.CENTER_LEFT);
        return line;
    }

    private void reselect() {
        MailClient.Summary shown = vm.shownMessage();
        MailClient.Summary selected = mailTable.getSelectionModel().getSelectedItem();
        if (shown == null) {
            if (selected != null) {
                mailTable.getSelectionModel().clearSelection();
            }
            return;
        }
        if (selected == null || !selected.id().equals(shown.id())) {
            vm.rows().stream().filter(m -> m.id().equals(shown.id())).findFirst()
                    .ifPresent(m -> mailTable.getSelectionModel().select(m));
        }
    }

    private static TableCell<MailClient.Summary, MailClient.Summary> cell(Function<MailClient.Summary, Node> render) {
        return new TableCell<>() {
            @Override
            protected void updateItem(MailClient.Summary m, boolean empty) {
                super.updateItem(m, empty);
                setText(null);
                setGraphic(empty || m == null ? null : render.apply(m));
            }
        };
    }

    private Window window() {
        return mailRoot.getScene() == null ? null : mailRoot.getScene().getWindow();
    }

    @FXML
    private void onOpenHtml() {
        vm.openHtml();
    }

    @FXML
    private void onDelete() {
        vm.delete();
    }

    @FXML
    private void onDeleteAll() {
        vm.deleteAll();
    }
}
