package dev.stackyard.ui;

import javafx.beans.property.BooleanProperty;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/** Builds the main window's scene from its FXML. UI thread. */
public final class MainWindow {
    /** The window's size on a first start (when the screen has room for it). */
    public static final double DEFAULT_WIDTH = 1140;
    public static final double DEFAULT_HEIGHT = 720;
    /**
     * The smallest the window can be made; every view reads at this size too (ReadableViewsTest).
     * 880 wide holds the services list's figures and buttons beside a service column for a usual
     * id; a longer id makes the list scroll sideways rather than cut it.
     */
    public static final double MIN_WIDTH = 880;
    public static final double MIN_HEIGHT = 480;

    private MainWindow() {
    }

    /**
     * @param quit       the app's quit command, for the menu
     * @param hideToTray the View menu's "Keep running in the tray" choice (the app remembers it)
     */
    public static Scene scene(ServicesViewModel vm, Runnable quit, BooleanProperty hideToTray, Path configFile,
                              boolean darkTheme, double width, double height) {
        return scene(vm, quit, hideToTray, configFile, darkTheme, width, height, null);
    }

    /** @param sitesView the Sites tab's content ({@link SitesController#load}), or null for no Sites tab */
    public static Scene scene(ServicesViewModel vm, Runnable quit, BooleanProperty hideToTray, Path configFile,
                              boolean darkTheme, double width, double height, Parent sitesView) {
        return scene(vm, quit, hideToTray, configFile, darkTheme, width, height, sitesView, null, null, null);
    }

    /**
     * The Mail tab and its View menu toggle.
     *
     * @param view   the tab's content ({@link MailController#load})
     * @param model  its model, told whether the tab shows
     * @param notifyOnMail the View menu's "Notify on new mail" choice (the app remembers it)
     */
    public record MailTab(Parent view, MailViewModel model, BooleanProperty notifyOnMail) {
    }

    /** @param mail the Mail tab, or null for none */
    public static Scene scene(ServicesViewModel vm, Runnable quit, BooleanProperty hideToTray, Path configFile,
                              boolean darkTheme, double width, double height, Parent sitesView, MailTab mail) {
        return scene(vm, quit, hideToTray, configFile, darkTheme, width, height, sitesView, null, null, mail);
    }

    /**
     * @param startAtLogin the View menu's "Start Stackyard at login", or null for no such item
     * @param noTray       the one-time no-tray line, or null for none
     */
    public static Scene scene(ServicesViewModel vm, Runnable quit, BooleanProperty hideToTray, Path configFile,
                              boolean darkTheme, double width, double height, Parent sitesView,
                              StartAtLoginModel startAtLogin, NoTrayNotice noTray) {
        return scene(vm, quit, hideToTray, configFile, darkTheme, width, height, sitesView, startAtLogin, noTray, null);
    }

    /**
     * @param startAtLogin the View menu's "Start Stackyard at login", or null for no such item
     * @param noTray       the one-time no-tray line, or null for none
     * @param mail         the Mail tab, or null for none
     */
    public static Scene scene(ServicesViewModel vm, Runnable quit, BooleanProperty hideToTray, Path configFile,
                              boolean darkTheme, double width, double height, Parent sitesView,
                              StartAtLoginModel startAtLogin, NoTrayNotice noTray, MailTab mail) {
        Theme.apply(darkTheme); // before the first control: see Theme.apply
        FXMLLoader loader = new FXMLLoader(MainWindow.class.getResource("MainView.fxml"));
        loader.setControllerFactory(type -> {
            if (type == MainController.class) {
                return new MainController(vm, quit, hideToTray, configFile, darkTheme, sitesView, startAtLogin, noTray, mail);
            }
            throw new IllegalArgumentException("no controller " + type);
        });
        Parent root;
        try {
            root = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load MainView.fxml", e);
        }
        Scene scene = new Scene(root, width, height);
        scene.getStylesheets().add(stylesheet());
        return scene;
    }

    /** Stackyard's own stylesheet (dialogs add it too). */
    public static String stylesheet() {
        return Objects.requireNonNull(MainWindow.class.getResource("stackyard.css"), "stackyard.css").toExternalForm();
    }
}
