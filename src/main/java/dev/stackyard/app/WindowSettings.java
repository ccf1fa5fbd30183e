package dev.stackyard.app;

import dev.stackyard.core.process.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The window's own remembered choices, in {@code DATA/window.properties} (Stackyard's file, never
 * the user's stackyard.yaml): whether closing the window hides it to the tray, whether new mail
 * makes a notification, whether the "keeps running in the tray" notice was shown already, and
 * whether the no-tray line was dismissed. A file that cannot be read means defaults.
 * Thread-safe.
 */
final class WindowSettings {
    private static final Logger log = LoggerFactory.getLogger(WindowSettings.class);
    static final String HIDE_TO_TRAY = "hideToTray";
    static final String TRAY_NOTICE_SHOWN = "trayNoticeShown";
    static final String NO_TRAY_NOTICE_DISMISSED = "noTrayNoticeDismissed";
    static final String NOTIFY_MAIL = "notifyMail";

    private final Path file;
    private final Properties values = new Properties();

    WindowSettings(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(r);
            } catch (IOException | IllegalArgumentException e) {
                log.warn("cannot read {}; using the defaults: {}", file, e.getMessage());
            }
        }
    }

    /** Closing the window with a tray present hides it (default) rather than quitting. */
    synchronized boolean hideToTray() {
        return !"false".equals(values.getProperty(HIDE_TO_TRAY));
    }

    synchronized void setHideToTray(boolean hide) {
        values.setProperty(HIDE_TO_TRAY, Boolean.toString(hide));
        save();
    }

    /** New mail makes a desktop notification (default). */
    synchronized boolean notifyMail() {
        return !"false".equals(values.getProperty(NOTIFY_MAIL));
    }

    synchronized void setNotifyMail(boolean notify) {
        values.setProperty(NOTIFY_MAIL, Boolean.toString(notify));
        save();
    }

    synchronized boolean trayNoticeShown() {
        return "true".equals(values.getProperty(TRAY_NOTICE_SHOWN));
    }

    synchronized void markTrayNoticeShown() {
        values.setProperty(TRAY_NOTICE_SHOWN, "true");
        save();
    }

    synchronized boolean noTrayNoticeDismissed() {
        return "true".equals(values.getProperty(NO_TRAY_NOTICE_DISMISSED));
    }

    synchronized void markNoTrayNoticeDismissed() {
        values.setProperty(NO_TRAY_NOTICE_DISMISSED, "true");
        save();
    }

    private void save() {
        try {
            StringWriter w = new StringWriter();
            values.store(w, "Stackyard window settings");
            PrivateFiles.writeAtomically(file, w.toString());
        } catch (IOException e) {
            log.warn("cannot save {}: {}", file, e.getMessage());
        }
    }
}
