package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.usecase.StackControl;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns crashes, FATALs and failed starts of the services into desktop notifications (see
 * {@link CrashNotices} for which, and how often). Listens to the stack from {@link #attach} on,
 * whether the window is open or in the tray.
 */
public final class CrashNotifier implements StackControl.Listener {
    public static final Duration RATE = Duration.ofMinutes(1);

    private final CrashNotices notices;
    private final Consumer<CrashNotices.Notice> out;
    private final Clock clock;

    public CrashNotifier(Consumer<CrashNotices.Notice> out, Clock clock) {
        this.notices = new CrashNotices(RATE);
        this.out = out;
        this.clock = clock;
    }

    /** Starts listening; returns what stops it. */
    public Runnable attach(StackControl stack) {
        synchronized (notices) {
            notices.prime(stack.snapshots());
        }
        return stack.subscribe(this);
    }

    @Override
    public void changed(ServiceSnapshot snapshot) {
        synchronized (notices) {
            notices.on(snapshot, clock.instant()).ifPresent(out);
        }
    }

    @Override
    public void reloaded(List<ServiceSnapshot> all) {
        synchronized (notices) {
            notices.prime(all);
        }
    }
}
