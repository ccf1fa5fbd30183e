package dev.stackyard.app;

import dev.stackyard.config.AppDirs;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens the window: one per Stackyard home, and returns when it has quit (after every service was
 * stopped). The JavaFX toolkit is started with {@link Platform#startup}, so no Application
 * subclass is needed (and none could be the main class while JavaFX sits on the class path).
 */
final class WindowLauncher {
    /**
     * Asked for when needed, not when the class loads: the first logger sets logging up (tens of
     * milliseconds), which the create thread does while the toolkit starts, off the way to the
     * first frame.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(WindowLauncher.class);
    }

    private WindowLauncher() {
    }

    /**
     * The window's X11 class (WM_CLASS), which the desktop entry's StartupWMClass names so that
     * docks group the window under Stackyard's icon and not with every other JavaFX program ("java").
     */
    static final String WM_CLASS = "stackyard";

    /** @param hidden {@code stackyard --hidden}: in the tray, no window (minimized where there is no tray) */
    static int launch(AppDirs dirs, boolean hidden) {
        Optional<InstanceLock> lock;
        try {
            dirs.ensureCreated();
            lock = InstanceLock.tryAcquire(lockFile(dirs));
        } catch (IOException e) {
            System.err.println("stackyard: cannot use " + dirs.runDir() + ": " + e.getMessage());
            return 1;
        }
        if (lock.isEmpty()) {
            // The running window comes to the front (out of the tray); this launch ends. A hidden
            // start (at login) leaves it where it is.
            boolean raised = !hidden && WindowRequests.requestShow(WindowRequests.socketFile(dirs.runDir()));
            System.out.println("Stackyard is already running for " + home(dirs)
                    + (raised ? "; its window was brought to the front" : ""));
            return 0;
        }
        CountDownLatch exited = new CountDownLatch(1);
        AtomicInteger code = new AtomicInteger(0);
        // The config is read and what runs adopted (Jackson, /proc) while the toolkit starts (GTK,
        // fonts, the renderer): neither needs the other, and the first frame needs both.
        CompletableFuture<WindowApp> created = new CompletableFuture<>();
        Thread.ofPlatform().name("stackyard-window-create").daemon(true).start(() -> {
            try {
                created.complete(WindowApp.create(dirs, exited::countDown));
            } catch (IOException | RuntimeException e) {
                created.completeExceptionally(e);
            }
        });
        try {
            Platform.startup(() -> {
                Platform.setImplicitExit(false); // closing the window quits through WindowApp, after the stops
                IdlePulseTimer.install(); // before the toolkit starts its pulse timer, right after this runnable
                nameTheWindowClass();
                WindowApp app = created(created, dirs);
                if (app == null) {
                    code.set(1);
                    exited.countDown();
                    return;
                }
                UncaughtErrors.install(app::errors);
                try {
                    app.show(new Stage(), hidden);
                } catch (RuntimeException e) {
                    // Services the CLI started stay as they are: only a window that opened stops them.
                    log().error("the window could not be opened", e);
                    System.err.println("stackyard: the window could not be opened: " + e.getMessage());
                    app.session().close();
                    code.set(1);
                    exited.countDown();
                    return;
                }
                // From now on SIGTERM, SIGINT or logout stop the services before the JVM goes
                // (once: shared with Quit, whichever comes first).
                Runtime.getRuntime().addShutdownHook(new Thread(app::stopAllOnce, "stackyard-shutdown"));
            });
        } catch (RuntimeException e) {
            // No display ("Unable to open DISPLAY") or no graphics support.
            System.err.println("stackyard: cannot open the window: " + e.getMessage()
                    + ". Use a command instead (see stackyard --help).");
            WindowApp app = created(created, dirs);
            if (app != null) {
                app.session().close();
            }
            return 1;
        }
        WindowRequests requests = null;
        WindowApp app = created.exceptionally(e -> null).join(); // a failure was reported on the UI thread
        if (app != null) {
            try {
                requests = WindowRequests.serve(WindowRequests.socketFile(dirs.runDir()), app.windowControl()::showWindow);
            } catch (IOException e) {
                log().warn("a second launch will not be able to raise this window: {}", e.getMessage());
            }
        }
        try {
            exited.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (requests != null) {
            requests.close();
        }
        Platform.exit();
        return code.get();
    }

    /**
     * GTK glass names every window's class after the glass application's name, which only JavaFX's
     * own Application launcher sets (to the Application class's name); started through
     * Platform.startup it stays "java". Setting it before the first window is created is what that
     * launcher does. The installed runtime exports the package (packaging/build-packages.sh); where
     * it cannot be reached, the class stays "java" and one line says so. FX thread.
     */
    private static void nameTheWindowClass() {
        try {
            com.sun.glass.ui.Application.GetApplication().setName(WM_CLASS);
        } catch (RuntimeException | LinkageError e) {
            log().info("the window's class stays JavaFX's default: {}", e.toString());
        }
    }

    /** The app once created (waits for it), or null after saying on stderr why it could not be. */
    private static WindowApp created(CompletableFuture<WindowApp> created, AppDirs dirs) {
        try {
            return created.join();
        } catch (CompletionException e) {
            System.err.println("stackyard: cannot prepare " + home(dirs) + ": " + e.getCause().getMessage());
            return null;
        }
    }

    static Path lockFile(AppDirs dirs) {
        return dirs.runDir().resolve("window.lock");
    }

    /** What the person knows as the home: STACKYARD_HOME, else the config folder. */
    static Path home(AppDirs dirs) {
        return dirs.configDir();
    }
}
