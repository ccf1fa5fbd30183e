package dev.stackyard.ui;

import atlantafx.base.theme.Styles;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.Parent;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;

import java.nio.file.Path;

/**
 * The main window's controller: binds the FXML view to {@link ServicesViewModel} and forwards
 * clicks to its commands. Holds no state of its own beyond the theme toggle.
 */
public final class MainController {
    private final ServicesViewModel vm;
    private final Runnable quit;
    private final Path configFile;
    private final BooleanProperty dark;
    private final BooleanProperty hideToTray;
    private final Parent sitesView;
    private final StartAtLoginModel startAtLogin;
    private final NoTrayNotice noTray;
    private final MainWindow.MailTab mail;

    @FXML
    private BorderPane root;
    @FXML
    private MenuItem addServiceItem;
    @FXML
    private MenuItem quitItem;
    @FXML
    private CheckMenuItem darkThemeItem;
    @FXML
    private CheckMenuItem hideToTrayItem;
    @FXML
    private CheckMenuItem startAtLoginItem;
    @FXML
    private javafx.scene.control.Menu viewMenu;
    @FXML
    private javafx.scene.layout.HBox noTrayBanner;
    @FXML
    private Label noTrayText;
    @FXML
    private Button noTrayClose;
    @FXML
    private CheckMenuItem notifyMailItem;
    @FXML
    private Button startAll;
    @FXML
    private Button stopAll;
    @FXML
    private Button addService;
    @FXML
    private ToggleButton themeToggle;
    @FXML
    private TableView<ServiceRowViewModel> servicesTable;
    @FXML
    private TableColumn<ServiceRowViewModel, ServiceRowViewModel> stateColumn;
    @FXML
    private TableColumn<ServiceRowViewModel, ServiceRowViewModel> nameColumn;
    @FXML
    private TableColumn<ServiceRowViewModel, ServiceRowViewModel> portColumn;
    @FXML
    private TableColumn<ServiceRowViewModel, ServiceRowViewModel> pidColumn;
    @FXML
    private TableColumn<ServiceRowViewModel, ServiceRowViewModel> uptimeColumn;
    @FXML
    private TableColumn<ServiceRowViewModel, ServiceRowViewModel> cpuColumn;
    @FXML
    private TableColumn<ServiceRowViewModel, ServiceRowViewModel> memoryColumn;
    @FXML
    private TableColumn<ServiceRowViewModel, ServiceRowViewModel> actionsColumn;
    @FXML
    private Label logTitle;
    @FXML
    private Label logFile;
    @FXML
    private ToggleButton logFollow;
    @FXML
    private ListView<String> logList;
    @FXML
    private TabPane tabs;
    @FXML
    private Tab servicesTab;
    @FXML
    private Tab sitesTab;
    @FXML
    private Tab mailTab;
    @FXML
    private Label statusMessage;
    @FXML
    private Label configBanner;
    @FXML
    private Label configPath;

    /**
     * @param quit        the app's quit command (stops every service, then exits)
     * @param hideToTray  whether closing the window hides it to the tray (View menu)
     * @param darkTheme   whether the window starts dark
     */
    public MainController(ServicesViewModel vm, Runnable quit, BooleanProperty hideToTray, Path configFile,
                          boolean darkTheme) {
        this(vm, quit, hideToTray, configFile, darkTheme, null);
    }

    /** @param sitesView the Sites tab's content, or null for no Sites tab */
    public MainController(ServicesViewModel vm, Runnable quit, BooleanProperty hideToTray, Path configFile,
                          boolean darkTheme, Parent sitesView) {
        this(vm, quit, hideToTray, configFile, darkTheme, sitesView, null, null, null);
    }

    /**
     * @param startAtLogin the View menu's "Start Stackyard at login", or null for no such item
     * @param noTray       the no-tray line's model, or null for none
     * @param mail         the Mail tab, or null for no Mail tab
     */
    public MainController(ServicesViewModel vm, Runnable quit, BooleanProperty hideToTray, Path configFile,
                          boolean darkTheme, Parent sitesView, StartAtLoginModel startAtLogin, NoTrayNotice noTray,
                          MainWindow.MailTab mail) {
        this.startAtLogin = startAtLogin;
        this.noTray = noTray;
        this.sitesView = sitesView;
        this.mail = mail;
        this.vm = vm;
        this.quit = quit;
        this.hideToTray = hideToTray;
        this.configFile = configFile;
        this.dark = new SimpleBooleanProperty(this, "dark", darkTheme);
    }

    @FXML
    private void initialize() {
        root.disableProperty().bind(vm.quittingProperty());
        // Figures and log lines are read only while the Services tab shows them.
        servicesTab.selectedProperty().addListener((obs, was, shown) -> vm.setServicesShown(shown));
        if (sitesView == null) {
            tabs.getTabs().remove(sitesTab);
        } else {
            sitesTab.setContent(sitesView);
        }
        if (mail == null) {
            tabs.getTabs().remove(mailTab);
            notifyMailItem.getParentMenu().getItems().remove(notifyMailItem);
        } else {
            mailTab.setContent(mail.view());
            mailTab.textProperty().bind(mail.model().titleProperty());
            notifyMailItem.selectedProperty().bindBidirectional(mail.notifyOnMail());
            // The mail is read only while its tab shows: selected, in a window on screen.
            mailTab.selectedProperty().addListener((obs, was, selected) -> updateMailShown());
            root.sceneProperty().addListener((obs, old, scene) -> {
                if (scene != null) {
                    scene.windowProperty().addListener((o, w, window) -> watchWindow(window));
                    watchWindow(scene.getWindow());
                }
            });
        }

        startAll.setGraphic(Icons.of(Feather.PLAY_CIRCLE));
        stopAll.setGraphic(Icons.of(Feather.STOP_CIRCLE));
        addService.setGraphic(Icons.of(Feather.DATABASE));
        startAll.disableProperty().bind(vm.canStartAllProperty().not());
        stopAll.disableProperty().bind(vm.canStopAllProperty().not());
        addServiceItem.setGraphic(Icons.of(Feather.PLUS));
        quitItem.setGraphic(Icons.of(Feather.POWER));

        themeToggle.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        themeToggle.setTooltip(new Tooltip("Dark theme"));
        themeToggle.selectedProperty().bindBidirectional(dark);
        darkThemeItem.selectedProperty().bindBidirectional(dark);
        hideToTrayItem.selectedProperty().bindBidirectional(hideToTray);
        if (startAtLogin == null) {
            viewMenu.getItems().remove(startAtLoginItem);
        } else {
            // The item shows the entry as it is on disk: read now and each time the menu opens.
            startAtLogin.onProperty().addListener((obs, was, on) -> startAtLoginItem.setSelected(on));
            startAtLoginItem.setSelected(startAtLogin.onProperty().get());
            viewMenu.setOnShowing(e -> startAtLogin.refresh());
            startAtLogin.refresh();
        }
        noTrayText.setText(NoTrayNotice.TEXT);
        noTrayClose.setGraphic(Icons.of(Feather.X));
        noTrayClose.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        noTrayClose.setTooltip(new Tooltip("Dismiss (this line does not come back)"));
        noTrayClose.setAccessibleText("Dismiss");
        if (noTray != null) {
            noTrayBanner.visibleProperty().bind(noTray.shownProperty());
        }
        noTrayBanner.managedProperty().bind(noTrayBanner.visibleProperty());
        dark.addListener((obs, old, isDark) -> applyTheme(isDark));
        applyTheme(dark.get());

        ServiceCells.rowValue(stateColumn);
        ServiceCells.rowValue(nameColumn);
        ServiceCells.rowValue(portColumn);
        ServiceCells.rowValue(pidColumn);
        ServiceCells.rowValue(uptimeColumn);
        ServiceCells.rowValue(cpuColumn);
        ServiceCells.rowValue(memoryColumn);
        ServiceCells.rowValue(actionsColumn);
        stateColumn.setCellFactory(c -> ServiceCells.state());
        nameColumn.setCellFactory(c -> ServiceCells.name(this::showDetails));
        portColumn.setCellFactory(c -> ServiceCells.text("port", ServiceRowViewModel::portProperty));
        pidColumn.setCellFactory(c -> ServiceCells.text("pid", ServiceRowViewModel::pidProperty));
        uptimeColumn.setCellFactory(c -> ServiceCells.text("uptime", ServiceRowViewModel::uptimeProperty));
        cpuColumn.setCellFactory(c -> ServiceCells.text("cpu", ServiceRowViewModel::cpuProperty));
        memoryColumn.setCellFactory(c -> ServiceCells.text("memory", ServiceRowViewModel::memoryProperty));
        actionsColumn.setCellFactory(c -> ServiceCells.actions(new ServiceCells.RowCommands() {
            @Override
            public void start(ServiceRowViewModel row) {
                vm.start(row);
            }

            @Override
            public void stop(ServiceRowViewModel row) {
                vm.stop(row);
            }

            @Override
            public void restart(ServiceRowViewModel row) {
                vm.restart(row);
            }

            @Override
            public void showLog(ServiceRowViewModel row) {
                servicesTable.getSelectionModel().select(row);
                logList.requestFocus();
            }

            @Override
            public void copyUrl(ServiceRowViewModel row) {
                vm.copyUrl(row);
            }

            @Override
            public void openInBrowser(ServiceRowViewModel row) {
                vm.openInBrowser(row);
            }

            @Override
            public void remove(ServiceRowViewModel row) {
                RemoveDialog.show(window(), row.id(), deleteData -> vm.remove(row, deleteData));
            }
        }));
        // The figures and the buttons are as wide as they need; the service column takes the rest.
        ColumnFit.apply(servicesTable, nameColumn, 150, true, java.util.List.of(stateColumn, portColumn, pidColumn,
                uptimeColumn, cpuColumn, memoryColumn, actionsColumn));
        servicesTable.setItems(vm.rows());
        vm.selectedProperty().bind(servicesTable.getSelectionModel().selectedItemProperty());
        // Keep a row selected so the log pane shows something.
        vm.rows().addListener((ListChangeListener<ServiceRowViewModel>) change ->
                Platform.runLater(this::selectFirstIfNone)); // not while the table handles the change
        selectFirstIfNone();
        vm.revealedProperty().addListener((obs, old, row) -> {
            if (row != null) {
                servicesTable.getSelectionModel().select(row);
                servicesTable.scrollTo(row);
                logList.requestFocus();
            }
        });

        logTitle.textProperty().bind(vm.log().titleProperty());
        logFile.textProperty().bind(vm.log().fileProperty());
        logFile.setTooltip(new Tooltip());
        logFile.getTooltip().textProperty().bind(vm.log().fileProperty());
        logFollow.selectedProperty().bindBidirectional(vm.log().followProperty());
        logFollow.setGraphic(Icons.of(Feather.CHEVRONS_DOWN));
        logList.setItems(vm.log().lines());
        logList.setFixedCellSize(20);
        logList.setPlaceholder(new Label("Nothing logged yet."));
        vm.log().lines().addListener((ListChangeListener<String>) change -> {
            if (vm.log().followProperty().get() && !logList.getItems().isEmpty()) {
                logList.scrollTo(logList.getItems().size() - 1);
            }
        });

        statusMessage.textProperty().bind(vm.statusProperty());
        Tooltip status = new Tooltip();
        status.textProperty().bind(vm.statusProperty());
        statusMessage.tooltipProperty().bind(javafx.beans.binding.Bindings.when(vm.statusProperty().isEmpty())
                .then((Tooltip) null).otherwise(status));
        configBanner.textProperty().bind(vm.configProblemProperty());
        configBanner.visibleProperty().bind(vm.configProblemProperty().isNotEmpty());
        configBanner.managedProperty().bind(configBanner.visibleProperty());
        configPath.setText(configFile.toString());
        configPath.setTooltip(new Tooltip(configFile.toString()));
    }

    private void watchWindow(Window window) {
        if (window == null) {
            return;
        }
        window.showingProperty().addListener((obs, was, showing) -> updateMailShown());
        if (window instanceof javafx.stage.Stage stage) {
            stage.iconifiedProperty().addListener((obs, was, iconified) -> updateMailShown());
        }
        updateMailShown();
    }

    private void updateMailShown() {
        Window window = window();
        boolean onScreen = window != null && window.isShowing()
                && !(window instanceof javafx.stage.Stage stage && stage.isIconified());
        mail.model().setShown(mailTab.isSelected() && onScreen);
    }

    private void selectFirstIfNone() {
        if (servicesTable.getSelectionModel().getSelectedItem() == null && !vm.rows().isEmpty()) {
            servicesTable.getSelectionModel().selectFirst();
        }
    }

    private void applyTheme(boolean isDark) {
        Theme.apply(isDark);
        themeToggle.setGraphic(Icons.of(isDark ? Feather.SUN : Feather.MOON));
    }

    private void showDetails(ServiceRowViewModel row) {
        servicesTable.getSelectionModel().select(row);
        ErrorDialog.show(window(), vm.details(row));
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    @FXML
    private void onStartAll() {
        vm.startAll();
    }

    @FXML
    private void onStopAll() {
        vm.stopAll();
    }

    @FXML
    private void onAddService() {
        AddServiceDialog.show(window(), vm.newAddService());
    }

    @FXML
    private void onVersions() {
        vm.newVersions().ifPresent(v -> VersionsDialog.show(window(), v));
    }

    @FXML
    private void onReload() {
        vm.reload();
    }

    @FXML
    private void onStartAtLogin() {
        if (startAtLogin != null) {
            startAtLogin.set(startAtLoginItem.isSelected());
        }
    }

    @FXML
    private void onDismissNoTray() {
        if (noTray != null) {
            noTray.dismiss();
        }
    }

    @FXML
    private void onQuit() {
        quit.run();
    }
}
