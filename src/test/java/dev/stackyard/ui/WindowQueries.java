package dev.stackyard.ui;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads of the real window by node id, on the FX thread, for the TestFX tests that drive it as a
 * person would; {@link #waitUntil} gates on a condition and, when it never comes, names it with the
 * test's own view of the window (its {@code context}).
 */
final class WindowQueries {
    static final long WAIT_SECONDS = 20;

    private final FxRobot robot;
    private final Callable<String> context;

    /** @param context what a timeout message adds after the condition's name ("; nap=RUNNING"), read on the FX thread */
    WindowQueries(FxRobot robot, Callable<String> context) {
        this.robot = robot;
        this.context = context;
    }

    Optional<Node> lookup(String query) {
        return robot.lookup(query).tryQuery();
    }

    String text(String query) {
        return lookup(query).map(n -> ((Labeled) n).getText()).orElse("");
    }

    Button button(String query) {
        return robot.lookup(query).queryButton();
    }

    <T> T fx(Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits for a condition read on the FX thread; names it when it never comes. */
    void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> fx(condition));
        } catch (TimeoutException e) {
            throw new AssertionError("not reached within " + WAIT_SECONDS + " s: " + what + context.call(), e);
        }
    }
}
