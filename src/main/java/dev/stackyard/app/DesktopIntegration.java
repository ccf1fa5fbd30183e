package dev.stackyard.app;

import dev.stackyard.tray.CrashNotifier;
import dev.stackyard.tray.DesktopBus;
import dev.stackyard.tray.DesktopNotifier;
import dev.stackyard.tray.MailNotifier;
import dev.stackyard.tray.Tray;
import dev.stackyard.tray.TrayActions;
import dev.stackyard.tray.Trays;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.usecase.MailArrivals;
import dev.stackyard.usecase.MailBoxes;
import dev.stackyard.usecase.StackControl;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The window's place on the desktop: the session bus, the tray icon (StatusNotifierItem, else
 * XEmbed, else none) kept in step with the services, crash notifications and new-mail
 * notifications. Built off the UI
 * thread (connecting to the bus blocks); lives as long as the window; {@link #close()} removes it.
 */
final class DesktopIntegration implements AutoCloseable {
    private final Optional<DesktopBus> bus;
    private final Optional<Tray> tray;
    private final Optional<DesktopNotifier> notifier;
    private final Runnable unsubscribe;

    private DesktopIntegration(Optional<DesktopBus> bus, Optional<Tray> tray, Optional<DesktopNotifier> notifier,
                               Runnable unsubscribe) {
        this.bus = bus;
        this.tray = tray;
        this.notifier = notifier;
        this.unsubscribe = unsubscribe;
    }

    /** Without new-mail notifications. */
    static DesktopIntegration start(StackControl stack, String busAddress, boolean useXEmbed, TrayActions actions) {
        return start(stack, busAddress, useXEmbed, actions, null, null, () -> false);
    }

    /**
     * @param busAddress the session bus ({@code DBUS_SESSION_BUS_ADDRESS}), or null for none
     * @param useXEmbed  whether the XEmbed tray may be tried (a real display, not the headless platform)
     * @param mail       the mail services, and the watch that says when their mail changes (null: no mail notices)
     * @param notifyMail whether new mail makes a notification now (View › Notify on new mail)
     */
    static DesktopIntegration start(StackControl stack, String busAddress, boolean useXEmbed, TrayActions actions,
                                    MailBoxes mail, MailArrivals arrivals, BooleanSupplier notifyMail) {
        Optional<DesktopBus> bus = DesktopBus.connect(busAddress);
        Optional<Tray> tray = Trays.open(bus, useXEmbed, actions, stack.snapshots());
        Optional<DesktopNotifier> notifier = bus.map(b -> new DesktopNotifier(b, actions::showLog));
        Runnable stopTray = tray.map(t -> stack.subscribe(new StackControl.Listener() {
            @Override
            public void changed(ServiceSnapshot snapshot) {
                t.update(stack.snapshots());
            }

            @Override
            public void reloaded(List<ServiceSnapshot> all) {
                t.update(all);
            }
        })).orElse(() -> { });
        // Changes made between opening the tray and subscribing (the autostarts) were not seen.
        tray.ifPresent(t -> t.update(stack.snapshots()));
        Runnable stopNotices = notifier.map(n -> new CrashNotifier(n::notify, Clock.systemUTC()).attach(stack))
                .orElse(() -> { });
        Optional<MailNotifier> mailNotices = notifier.filter(n -> mail != null && arrivals != null).map(n -> new MailNotifier(mail, notifyMail, n::inform,
                Clock.systemUTC(), MailNotifier.RATE));
        Runnable stopMail = mailNotices.map(n -> arrivals.subscribe(n)).orElse(() -> { }); // arrivals is null without mail
        return new DesktopIntegration(bus, tray, notifier, () -> {
            stopTray.run();
            stopNotices.run();
            stopMail.run();
            mailNotices.ifPresent(MailNotifier::close);
        });
    }

    /** Whether an icon is in a tray: only then may closing the window hide it. */
    boolean hasTray() {
        return tray.isPresent();
    }

    /** Which tray, for the log: "StatusNotifierItem", "XEmbed" or "none". */
    String trayKind() {
        return tray.map(Tray::kind).orElse("none");
    }

    /** A plain desktop notification (no action); nothing when there is no notification server. */
    void inform(String summary, String body) {
        notifier.ifPresent(n -> n.inform(summary, body));
    }

    @Override
    public void close() {
        unsubscribe.run();
        tray.ifPresent(Tray::close);
        notifier.ifPresent(DesktopNotifier::close);
        bus.ifPresent(DesktopBus::close);
    }
}
