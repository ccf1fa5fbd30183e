package dev.stackyard.tray;

import dev.stackyard.tray.dbus.Notifications;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Desktop notifications through {@code org.freedesktop.Notifications}. Calls go out on one thread
 * of its own, in order, so callers never wait for the server. Where no server answers, nothing
 * breaks: the first failure is logged, later ones only at debug.
 */
public final class DesktopNotifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DesktopNotifier.class);
    static final String SHOW_LOG = "show-log";

    private final DesktopBus bus;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("stackyard-notify").daemon(true).factory());
    /** Notification id → the service whose log "Show log" opens. */
    private final Map<Long, String> serviceOf = new ConcurrentHashMap<>();
    private volatile boolean warned;
    private AutoCloseable actionHandler = () -> { };

    /**
     * @param onShowLog called (on a D-Bus thread) with the service id when the person picks
     *                  "Show log" on one of our notifications
     */
    public DesktopNotifier(DesktopBus bus, Consumer<String> onShowLog) {
        this.bus = bus;
        try {
            actionHandler = bus.connection().addSigHandler(Notifications.ActionInvoked.class, signal -> {
                String service = serviceOf.get(signal.getId().longValue());
                if (service != null && SHOW_LOG.equals(signal.getActionKey())) {
                    onShowLog.accept(service);
                }
            });
        } catch (DBusException | RuntimeException e) {
            log.info("notification actions will not work: {}", e.getMessage());
        }
    }

    /** Shows a service's notice with a "Show log" action. Returns at once. */
    public void notify(CrashNotices.Notice notice) {
        send(notice.summary(), notice.body(), Optional.of(notice.serviceId()));
    }

    /** Shows a plain notice (no action). Returns at once. */
    public void inform(String summary, String body) {
        send(summary, body, Optional.empty());
    }

    private void send(String summary, String body, Optional<String> service) {
        sender.execute(() -> {
            try {
                Notifications server = bus.connection().getRemoteObject(Notifications.BUS_NAME, Notifications.PATH,
                        Notifications.class);
                List<String> actions = service.isPresent() ? List.of(SHOW_LOG, "Show log") : List.of();
                Map<String, Variant<?>> hints = Map.of(
                        "urgency", new Variant<>((byte) (service.isPresent() ? 2 : 1)),
                        "desktop-entry", new Variant<>("stackyard"));
                UInt32 id = server.Notify("Stackyard", new UInt32(0), "dialog-warning", summary, body, actions, hints, -1);
                service.ifPresent(s -> serviceOf.put(id.longValue(), s));
                log.debug("notified #{}: {}", id, summary);
            } catch (DBusException | RuntimeException e) { // DBusExecutionException: the server answered with an error
                if (!warned) {
                    warned = true;
                    log.info("desktop notifications are not available: {}", e.getMessage());
                } else {
                    log.debug("notification not shown: {}", e.getMessage());
                }
            }
        });
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            actionHandler.close();
        } catch (Exception e) {
            log.debug("removing the action handler: {}", e.getMessage());
        }
    }
}
