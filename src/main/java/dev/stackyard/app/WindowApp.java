package dev.stackyard.app;

import dev.stackyard.usecase.StackyardSession;
import dev.stackyard.usecase.StartAtLogin;
import dev.stackyard.config.AppDirs;
import dev.stackyard.config.ConfigException;
import dev.stackyard.core.process.ProcessStats;
import dev.stackyard.ui.AppIcon;
import dev.stackyard.ui.DialogErrorReporter;
import dev.stackyard.ui.ErrorReporter;
import dev.stackyard.ui.FxDesktopActions;
import dev.stackyard.ui.MailController;
import dev.stackyard.ui.MailViewModel;
import dev.stackyard.ui.MainWindow;
import dev.stackyard.ui.NoTrayNotice;
import dev.stackyard.ui.StartAtLoginModel;
import dev.stackyard.ui.SitesController;
import dev.stackyard.ui.SitesViewModel;
import dev.stackyard.ui.PortProbe;
import dev.stackyard.ui.ServicesViewModel;
import dev.stackyard.ui.Theme;
import dev.stackyard.ui.UiExecutor;
import dev.stackyard.ui.UserError;
import dev.stackyard.usecase.MailArrivals;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The window's life: builds the session and the view model, shows the stage, runs the periodic
 * refresh, starts the autostart services, puts an icon in the tray, and quits by stopping every
 * service first.
 *
 * <p>With a tray, closing the window hides it there (unless View › Keep running in the tray is
 * off): the services keep running and stay supervised, the view's timers and log tail stop, and
 * the tray, a notification's "Show log" or a second launch bring the window back. Without a tray,
 * closing quits, and the window says so once (a line with a close button, remembered).
 *
 * <p>Started hidden ({@code stackyard --hidden}, as at login), the window is not shown: the
 * autostart services start and are supervised, the tray icon is the way in. Where there is no
 * tray, the window shows minimized instead.
 *
 * <p>Quitting (menu, window close, or a signal through {@link #stopAllOnce()} in a shutdown hook)
 * stops every service in parallel exactly once, whichever path comes first; the other paths wait
 * for that same stop.
 */
public final class WindowApp {
    private static final Logger log = LoggerFactory.getLogger(WindowApp.class);

    private final StackyardSession session;
    /** Started after the first frame (its first checks need not delay it), unless quit came first. */
    private final WindowSupervision supervision;
    private final Exception loadProblem;
    private final Runnable exitAction;
    private final UiExecutor ui = UiExecutor.fx();
    private final ExecutorService background = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("stackyard-ui-work-", 0).daemon(true).factory());
    private final ViewTimers timers = new ViewTimers();
    private final AtomicBoolean quitStarted = new AtomicBoolean();
    private final CompletableFuture<Void> exited = new CompletableFuture<>();
    private volatile ErrorReporter errors;
    private volatile ServicesViewModel vm;
    private volatile Stage stage;
    private final WindowSettings settings;
    private final BooleanProperty hideToTray;
    private final StartAtLogin startAtLogin;
    /** The one-time no-tray line; its dismissal is remembered in the settings. */
    private final NoTrayNotice noTray;
    /** Whether the window's frame was added to its minimum size (done once, on its first showing). */
    private boolean frameFitted;
    private final BooleanProperty notifyMail;
    /** Says when mail arrives; watches only while a mail service is configured. */
    private final MailWatch mailWatch = new MailWatch();
    private volatile DesktopIntegration desktop;
    /** Completes with whether a tray icon is shown, once the desktop integration is in place. */
    private final CompletableFuture<Boolean> desktopJoined = new CompletableFuture<>();

    private WindowApp(StackyardSession session, Exception loadProblem, Runnable exitAction, StartAtLogin startAtLogin) {
        this.session = session;
        this.supervision = new WindowSupervision(session, session.dirs());
        this.startAtLogin = startAtLogin;
        this.loadProblem = loadProblem;
        this.exitAction = exitAction;
        this.settings = new WindowSettings(session.dirs().dataDir().resolve("window.properties"));
        this.hideToTray = new SimpleBooleanProperty(this, "hideToTray", settings.hideToTray());
        hideToTray.addListener((obs, old, hide) -> background.execute(() -> settings.setHideToTray(hide)));
        this.noTray = new NoTrayNotice(() -> background.execute(settings::markNoTrayNoticeDismissed));
        this.notifyMail = new SimpleBooleanProperty(this, "notifyMail", settings.notifyMail());
        notifyMail.addListener((obs, old, notify) -> background.execute(() -> settings.setNotifyMail(notify)));
    }

    /**
     * Loads the config and adopts what already runs. Not on the UI thread (it reads files and
     * /proc). An invalid config does not prevent the window: it opens empty and says what to fix.
     *
     * @param exitAction run once the services are stopped, to end the process (or the test)
     * @throws IOException when Stackyard's folders cannot be created
     */
    public static WindowApp create(AppDirs dirs, Runnable exitAction) throws IOException {
        return create(dirs, exitAction, LauncherPath.startAtLogin(System.getenv()));
    }

    /** @param startAtLogin the View menu's "Start Stackyard at login" (tests give it a folder of their own) */
    static WindowApp create(AppDirs dirs, Runnable exitAction, StartAtLogin startAtLogin) throws IOException {
        StackyardSession session = new StackyardSession(dirs);
        Exception problem = null;
        try {
            session.reload();
        } catch (ConfigException | IOException | RuntimeException e) {
            problem = e;
        }
        // Changes made elsewhere (the CLI, an editor) show up by themselves; a broken file is
        // watched too, so fixing it is enough.
        session.watchConfig();
        return new WindowApp(session, problem, exitAction, startAtLogin);
    }

    public StackyardSession session() {
        return session;
    }

    /** Where errors go once the window shows; null before. */
    public ErrorReporter errors() {
        return errors;
    }

    /** Shows the window on {@code stage} and starts everything that runs while it is open. UI thread. */
    public void show(Stage stage) {
        show(stage, false);
    }

    /**
     * As {@link #show(Stage)}; with {@code hidden} ({@code stackyard --hidden}) the window stays
     * hidden in the tray, or shows minimized where there is no tray. UI thread.
     */
    public void show(Stage stage, boolean hidden) {
        this.stage = stage;
        ErrorReporter reporter = new DialogErrorReporter(ui, () -> this.stage);
        this.errors = reporter;
        ServicesViewModel model = new ServicesViewModel(session, ui, background, new FxDesktopActions(reporter),
                reporter, PortProbe.system(), ProcessStats::sample, Clock.systemDefaultZone());
        this.vm = model;
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        double width = Math.min(MainWindow.DEFAULT_WIDTH, screen.getWidth() - 20);
        double height = Math.min(MainWindow.DEFAULT_HEIGHT, screen.getHeight() - 40);
        // The Sites and Mail tabs' content is loaded after the first frame: the tab opens on Services.
        StackPane sitesView = new StackPane();
        StackPane mailView = new StackPane();
        MailViewModel mail = new MailViewModel(session.mail(), ui, background, new FxDesktopActions(reporter), reporter);
        mailWatch.arrivals().subscribe((id, arrived) -> mail.mailChanged(id));
        mailWatch.start(session, background);
        Scene scene = MainWindow.scene(model, this::quit, hideToTray, session.configFile(), Theme.darkByDefault(),
                width, height, sitesView, new StartAtLoginModel(startAtLogin, ui, background, reporter), noTray,
                new MainWindow.MailTab(mailView, mail, notifyMail));
        stage.setTitle("Stackyard");
        stage.setScene(scene);
        stage.setMinWidth(Math.min(MainWindow.MIN_WIDTH, width));
        stage.setMinHeight(Math.min(MainWindow.MIN_HEIGHT, height));
        stage.setOnCloseRequest(event -> {
            event.consume(); // the window goes once the services are stopped, or into the tray
            DesktopIntegration d = desktop;
            if (d != null && d.hasTray() && hideToTray.get()) {
                hideToTray(d);
            } else {
                quit();
            }
        });
        // Minimized, none of the view shows: its timers rest until it is restored.
        stage.iconifiedProperty().addListener((obs, was, iconified) -> {
            if (iconified) {
                stopViewTimers();
            } else if (stage.isShowing() && vm != null) {
                startViewTimers();
            }
        });
        if (hidden) {
            log.info("started hidden");
            model.attach();
        } else {
            stage.show();
            fitFrameOnce();
            if (FirstFrameBench.requested()) {
                FirstFrameBench.reportAndExit();
                return;
            }
            model.attach();
            startViewTimers();
        }
        // After the first frame (at once when started hidden: no frame comes): the window's icon
        // (drawn, five sizes), supervision, the Sites and Mail tabs, the tray and notifications.
        Runnable afterFirstFrame = () -> {
            stage.getIcons().setAll(AppIcon.images());
            background.execute(supervision::start);
            background.execute(() -> joinDesktop(hidden));
            sitesView.getChildren().setAll(SitesController.load(
                    new SitesViewModel(session.sites(), ui, background, new FxDesktopActions(reporter), reporter),
                    SitesController.systemChooser()));
            mailView.getChildren().setAll(MailController.load(mail, MailController.systemChooser()));
        };
        if (hidden) {
            afterFirstFrame.run();
        } else {
            AfterFirstFrame.run(afterFirstFrame);
        }

        if (hidden && loadProblem != null) {
            bringToFront(); // the problem is said in the window, not by a dialog with no window
        }
        if (loadProblem instanceof ConfigException ce) {
            reporter.report(ServicesViewModel.configProblem(ce));
        } else if (loadProblem != null) {
            reporter.report(UserError.unexpected("Could not load the services from " + session.configFile(), loadProblem));
        }
        String screenshot = System.getProperty("stackyard.screenshot");
        model.startAutostart(outcomes -> {
            if (screenshot != null && !screenshot.isBlank()) {
                Screenshots.whenSettled(model, timers.executor(), ui, () -> Screenshots.take(stage.getScene(), Path.of(screenshot),
                        background, this::quit));
            }
        });
    }

    /**
     * The minimum is the scene's, the size the views are checked at (ReadableViewsTest); the
     * window's frame, where the toolkit knows it by now, comes on top. Once, after the first show.
     */
    private void fitFrameOnce() {
        if (frameFitted) {
            return;
        }
        frameFitted = true;
        Scene scene = stage.getScene();
        stage.setMinWidth(stage.getMinWidth() + Math.max(0, stage.getWidth() - scene.getWidth()));
        stage.setMinHeight(stage.getMinHeight() + Math.max(0, stage.getHeight() - scene.getHeight()));
    }

    /**
     * Background: the tray icon, notifications and the display watch; then, with no tray, the
     * no-tray line (unless dismissed before), and a window started hidden shows minimized.
     */
    private void joinDesktop(boolean hidden) {
        String address = System.getProperty("stackyard.dbusAddress", System.getenv("DBUS_SESSION_BUS_ADDRESS"));
        boolean realDisplay = System.getenv("DISPLAY") != null && !"headless".equals(System.getProperty("glass.platform"));
        DesktopIntegration d = DesktopIntegration.start(session, address, realDisplay,
                new TrayCommands(ui, () -> vm, windowControl()), session.mail(), mailWatch.arrivals(), notifyMail::get);
        if (quitStarted.get()) {
            d.close();
            desktopJoined.complete(false);
            return;
        }
        desktop = d;
        // After AWT (XEmbed tray) and GDK set theirs: Xlib keeps the handler set last.
        boolean noticeDismissed = settings.noTrayNoticeDismissed();
        ui.run(() -> {
            DisplayWatch.install(this::stopOnDisplayLost);
            if (!d.hasTray()) {
                if (!noticeDismissed) {
                    noTray.show();
                }
                if (hidden && !quitStarted.get() && !stage.isShowing()) {
                    log.info("no tray: the hidden window shows minimized");
                    // Iconified once mapped: GTK glass leaves a window iconified before it is mapped
                    // as a normal one (WM_HINTS initial state Normal); afterwards it asks the window
                    // manager (WM_CHANGE_STATE), as a click on the minimize button does.
                    stage.show();
                    fitFrameOnce();
                    stage.setIconified(true);
                }
            }
            desktopJoined.complete(d.hasTray());
        });
    }

    /** The watch of the mail folders (its listeners run after the window's own): for tests. */
    public MailArrivals mailArrivals() {
        return mailWatch.arrivals();
    }

    /** Completes with whether a tray icon is shown, once the tray and notifications are set up. */
    CompletableFuture<Boolean> desktopJoined() {
        return desktopJoined;
    }

    /** The window as the tray and second launches see it. */
    WindowControl windowControl() {
        return new WindowControl() {
            @Override
            public void showWindow() {
                ui.run(WindowApp.this::bringToFront);
            }

            @Override
            public void showLog(String serviceId) {
                ui.run(() -> {
                    bringToFront();
                    ServicesViewModel model = vm;
                    if (model != null) {
                        model.reveal(serviceId);
                    }
                });
            }

            @Override
            public void quit() {
                WindowApp.this.quit();
            }
        };
    }

    /** Shows the window (out of the tray) in front of the others. UI thread. */
    private void bringToFront() {
        Stage s = stage;
        if (s == null || quitStarted.get()) {
            return;
        }
        if (!s.isShowing()) {
            s.show();
            fitFrameOnce();
            startViewTimers();
        }
        s.setIconified(false);
        s.toFront();
        s.requestFocus();
    }

    /** Closes the window into the tray: services keep running; the view stops refreshing. UI thread. */
    private void hideToTray(DesktopIntegration d) {
        stage.hide();
        // Nothing polls while hidden: the tray follows the registry's own events (exits of the
        // services this window runs); changes made by the CLI show once the window is back.
        stopViewTimers();
        // The window's garbage (its rendering, log text) is dead now: the Java and C heaps give
        // their free space back; hidden, the app allocates too little to need it again soon.
        background.execute(IdleMemory::release);
        log.info("window hidden to the {} tray", d.trayKind());
        if (!settings.trayNoticeShown()) {
            d.inform("Stackyard keeps running in the tray",
                    "Your services keep running. Click the Stackyard icon to open the window, or choose Quit there "
                            + "to stop everything. View › Keep running in the tray turns this off.");
            background.execute(settings::markTrayNoticeShown);
        }
    }

    /** Whether the window shows (not hidden in the tray). */
    public boolean showing() {
        Stage s = stage;
        return s != null && s.isShowing();
    }

    private void startViewTimers() {
        timers.start(vm);
    }

    private void stopViewTimers() {
        timers.stop();
    }

    /** Xlib lost the display: stop everything as Quit would; the caller then ends the process. */
    private void stopOnDisplayLost() {
        quitStarted.set(true);
        stopAllOnce();
        timers.shutdown();
        DesktopIntegration d = desktop;
        if (d != null) {
            d.close();
        }
        mailWatch.close();
        session.close();
        log.info("quit: the display was lost");
    }

    /**
     * The quit command: stops every service (in parallel, adopted ones included), then closes the
     * window and runs the exit action. Any thread; later calls return the same future.
     */
    public CompletableFuture<Void> quit() {
        if (quitStarted.compareAndSet(false, true)) {
            ServicesViewModel model = vm;
            if (model != null) {
                ui.run(model::beginQuit);
            }
            background.execute(() -> {
                stopAllOnce();
                timers.shutdown();
                if (model != null) {
                    model.detach();
                }
                DesktopIntegration d = desktop;
                if (d != null) {
                    d.close();
                }
                mailWatch.close();
                session.close();
                Stage s = stage;
                if (s != null) {
                    ui.run(s::hide);
                }
                log.info("quit");
                try {
                    exitAction.run();
                } finally {
                    exited.complete(null);
                }
            });
        }
        return exited;
    }

    /**
     * Stops every service once, and returns when they are stopped. Called by the quit command and
     * by the shutdown hook (SIGTERM, SIGINT), whichever comes first; the other waits for the same
     * stop. Blocks: never on the UI thread.
     */
    public void stopAllOnce() {
        supervision.stopAllOnce();
    }
}
