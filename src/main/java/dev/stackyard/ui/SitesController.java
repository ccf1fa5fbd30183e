package dev.stackyard.ui;

import atlantafx.base.theme.Styles;
import dev.stackyard.core.site.Site;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.geometry.Pos;
import javafx.scene.control.OverrunStyle;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The Sites tab's controller: binds {@code SitesView.fxml} to {@link SitesViewModel}. Cells carry
 * ids made from the site name ({@code site-open-NAME}, {@code site-copy-NAME}, {@code site-php-NAME},
 * {@code site-secure-NAME}, {@code site-unlink-NAME}) for tests.
 */
public final class SitesController {
    /** Asks the person for a folder: (owner window, dialog title) → the folder, or empty when cancelled. */
    public interface FolderChooser extends BiFunction<Window, String, Optional<Path>> {
    }

    private final SitesViewModel vm;
    private final FolderChooser chooser;

    @FXML
    private BorderPane sitesRoot;
    @FXML
    private Button linkFolder;
    @FXML
    private Button parkFolder;
    @FXML
    private Button reloadSites;
    @FXML
    private TableView<Site> sitesTable;
    @FXML
    private TableColumn<Site, Site> siteNameColumn;
    @FXML
    private TableColumn<Site, Site> siteUrlColumn;
    @FXML
    private TableColumn<Site, Site> siteFolderColumn;
    @FXML
    private TableColumn<Site, Site> sitePhpColumn;
    @FXML
    private TableColumn<Site, Site> siteSecureColumn;
    @FXML
    private TableColumn<Site, Site> siteActionsColumn;
    @FXML
    private Label sitesStatus;

    /** Whether the tab is on screen; kept here, as a binding only weakly held by its listener would be collected. */
    private javafx.beans.binding.BooleanBinding shown;

    public SitesController(SitesViewModel vm, FolderChooser chooser) {
        this.vm = vm;
        this.chooser = chooser;
    }

    /** Loads the tab's content. UI thread. */
    public static Parent load(SitesViewModel vm, FolderChooser chooser) {
        FXMLLoader loader = new FXMLLoader(SitesController.class.getResource("SitesView.fxml"));
        loader.setControllerFactory(type -> new SitesController(vm, chooser));
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load SitesView.fxml", e);
        }
    }

    /** The system's folder dialog. */
    public static FolderChooser systemChooser() {
        return (owner, title) -> {
            DirectoryChooser dialog = new DirectoryChooser();
            dialog.setTitle(title);
            File chosen = dialog.showDialog(owner);
            return Optional.ofNullable(chosen).map(File::toPath);
        };
    }

    @FXML
    private void initialize() {
        linkFolder.setGraphic(Icons.of(Feather.LINK));
        parkFolder.setGraphic(Icons.of(Feather.FOLDER));
        reloadSites.setGraphic(Icons.of(Feather.REFRESH_CW));
        linkFolder.disableProperty().bind(vm.busyProperty());
        parkFolder.disableProperty().bind(vm.busyProperty());
        reloadSites.disableProperty().bind(vm.busyProperty());
        sitesTable.setItems(vm.rows());
        for (TableColumn<Site, Site> c : java.util.List.of(siteNameColumn, siteUrlColumn, siteFolderColumn,
                sitePhpColumn, siteSecureColumn, siteActionsColumn)) {
            c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        }
        siteNameColumn.setCellFactory(c -> cell(site -> {
            Label name = new Label(site.name());
            if (!site.served()) {
                name.getStyleClass().add("sy-muted");
            }
            return name;
        }));
        siteUrlColumn.setCellFactory(c -> cell(site -> {
            Hyperlink open = new Hyperlink(site.preferredUrl());
            open.setId("site-open-" + site.name());
            open.setDisable(!site.served());
            open.setOnAction(e -> vm.open(site));
            Button copy = new Button(null, Icons.of(Feather.COPY));
            copy.setId("site-copy-" + site.name());
            copy.setTooltip(new Tooltip("Copy the URL"));
            copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
            copy.setOnAction(e -> vm.copyUrl(site));
            // The column fits the longest URL: every copy button sits at its right edge, in line.
            Pane gap = new Pane();
            HBox.setHgrow(gap, Priority.ALWAYS);
            HBox line = new HBox(4, open, gap, copy);
            line.setAlignment(Pos.CENTER_LEFT);
            return line;
        }));
        siteFolderColumn.setCellFactory(c -> cell(site -> {
            Label folder = new Label(site.served() ? site.root().toString() : "Broken: " + site.broken());
            // The column takes what is left: a long path is cut in the middle and shown whole in the tooltip.
            if (site.served()) {
                folder.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
            }
            folder.setTooltip(new Tooltip(folder.getText()));
            return folder;
        }));
        sitePhpColumn.setCellFactory(c -> cell(site -> {
            ComboBox<String> php = new ComboBox<>(vm.phpChoices());
            php.setId("site-php-" + site.name());
            php.setValue(SitesViewModel.phpChoice(site));
            php.disableProperty().bind(vm.busyProperty());
            php.setOnAction(e -> vm.setPhp(site, php.getValue()));
            return php;
        }));
        siteSecureColumn.setCellFactory(c -> cell(site -> {
            CheckBox secure = new CheckBox();
            secure.setId("site-secure-" + site.name());
            secure.setSelected(site.secure());
            secure.disableProperty().bind(vm.busyProperty());
            secure.setOnAction(e -> vm.setSecure(site, secure.isSelected()));
            return secure;
        }));
        siteActionsColumn.setCellFactory(c -> cell(site -> {
            Button unlink = new Button("Unlink");
            unlink.setId("site-unlink-" + site.name());
            unlink.disableProperty().bind(vm.busyProperty().or(
                    javafx.beans.binding.Bindings.createBooleanBinding(() -> site.parkedIn() != null)));
            unlink.setOnAction(e -> vm.unlink(site));
            return unlink;
        }));
        ColumnFit.apply(sitesTable, siteFolderColumn, 160, false, java.util.List.of(siteNameColumn, siteUrlColumn,
                sitePhpColumn, siteSecureColumn, siteActionsColumn));
        sitesStatus.textProperty().bind(vm.statusProperty());
        // The tab's content is visible only while its tab is selected: read the sites again then,
        // so changes made with the CLI show up, and watch the parked folders while it is shown in a
        // showing window (not while another tab is selected or the window is in the tray).
        shown = javafx.beans.binding.Bindings.selectBoolean(sitesRoot.sceneProperty(), "window", "showing")
                .and(sitesRoot.visibleProperty());
        shown.addListener((obs, was, now) -> vm.setShown(now));
        vm.refresh();
        vm.setShown(shown.get());
    }

    private static TableCell<Site, Site> cell(Function<Site, javafx.scene.Node> render) {
        return new TableCell<>() {
            @Override
            protected void updateItem(Site site, boolean empty) {
                super.updateItem(site, empty);
                setText(null);
                setGraphic(empty || site == null ? null : render.apply(site));
            }
        };
    }

    private Window window() {
        return sitesRoot.getScene() == null ? null : sitesRoot.getScene().getWindow();
    }

    @FXML
    private void onLinkFolder() {
        chooser.apply(window(), "Link a project folder").ifPresent(vm::link);
    }

    @FXML
    private void onParkFolder() {
        chooser.apply(window(), "Park a folder of projects").ifPresent(vm::park);
    }

    @FXML
    private void onReload() {
        vm.reload();
    }
}
