package dev.stackyard.app;

import com.sun.glass.ui.Application;
import com.sun.glass.ui.Timer;
import com.sun.javafx.tk.Toolkit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * JavaFX's pulse timer with a pause that really pauses, on GTK.
 *
 * <p>The toolkit ({@code QuantumToolkit}) asks its pulse timer to pause once nothing has animated
 * or asked for a frame for 250 ms, and to resume when something does; on macOS the timer then
 * stops (JDK-8189926). GTK glass implements that pause and resume as nothing ({@code GtkTimer}),
 * so its GLib timeout wakes the FX thread every 16 ms for the life of the app: measured, that
 * is the whole idle cost of a bare JavaFX window (0.7-0.8 % of a core), shown or hidden in the
 * tray. This timer wraps the toolkit's own GTK timer and makes pause stop it and resume start
 * it again, which is what the toolkit was written to expect: an idle window, shown or hidden,
 * then costs no wake-ups at all, and the first change or input brings the 60 Hz pulse back.
 *
 * <p>The toolkit calls pause and resume under its own lock (its {@code pauseTimer} and
 * {@code resumeTimer} are synchronized on it), and sets its "a frame is wanted" flags before it
 * calls resume, so a request can never be lost between a pause and a resume.
 *
 * <p>Why reach into the toolkit: it offers no public way to do this, and the cost it removes is
 * the largest part of what the app costs in the tray. The reach is two private fields of
 * {@code QuantumToolkit} ({@code pulseTimer}, {@code timerRunnable}), read once when the toolkit
 * starts; where they are not as expected (another JavaFX version, another platform), the app
 * logs one line and keeps the toolkit's own timer. The installed app opens the packages it uses
 * with {@code --add-exports}/{@code --add-opens} (packaging/build-packages.sh).
 */
final class IdlePulseTimer extends Timer {
    private static final Logger log = LoggerFactory.getLogger(IdlePulseTimer.class);
    /** The timer the toolkit made, the only one of the platforms known to pause as nothing. */
    private static final String GTK_TIMER = "com.sun.glass.ui.gtk.GtkTimer";

    /** The platform's own timer, started and stopped whole; guarded by this (Timer's methods are synchronized). */
    private final Timer platform;
    private int period;

    private IdlePulseTimer(Timer platform, Runnable tick) {
        super(tick);
        this.platform = platform;
    }

    /**
     * Puts this timer in place of the toolkit's pulse timer. Call on the FX thread inside the
     * {@code Platform.startup} runnable: the toolkit has made its timer then and starts it right
     * after that runnable returns. Returns whether it is in place.
     */
    static boolean install() {
        try {
            Object toolkit = Toolkit.getToolkit();
            Field timerField = field(toolkit.getClass(), "pulseTimer");
            Field tickField = field(toolkit.getClass(), "timerRunnable");
            synchronized (toolkit) { // the lock the toolkit pauses and resumes its timer under
                Timer current = (Timer) timerField.get(toolkit);
                if (current == null || !GTK_TIMER.equals(current.getClass().getName())) {
                    log.debug("pulse timer left as it is: {}", current == null ? "none yet" : current.getClass().getName());
                    return false;
                }
                if (current.isRunning()) {
                    log.info("pulse timer left as it is: already running");
                    return false;
                }
                Runnable tick = (Runnable) tickField.get(toolkit);
                timerField.set(toolkit, new IdlePulseTimer(Application.GetApplication().createTimer(tick), tick));
            }
            log.info("pulse timer pauses when nothing changes on screen");
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.info("pulse timer left as it is (the toolkit keeps its 16 ms wake-up): {}", e.toString());
            return false;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field f = type.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    @Override
    protected long _start(Runnable runnable) {
        throw new UnsupportedOperationException("GTK has no vsync timer");
    }

    @Override
    protected long _start(Runnable runnable, int period) {
        this.period = period;
        platform.start(period);
        return 1; // any non-zero handle: Timer reads 0 as a failure
    }

    @Override
    protected void _stop(long timer) {
        platform.stop();
    }

    @Override
    protected void _pause(long timer) {
        platform.stop();
    }

    @Override
    protected void _resume(long timer) {
        if (!platform.isRunning()) {
            platform.start(period);
        }
    }
}
