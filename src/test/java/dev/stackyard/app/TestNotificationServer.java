package dev.stackyard.app;

import dev.stackyard.tray.dbus.Notifications;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** An org.freedesktop.Notifications server as a desktop runs one: records every Notify call. */
final class TestNotificationServer implements Notifications {
    record Call(long id, String appName, String summary, String body, List<String> actions) {
    }

    final LinkedBlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public UInt32 Notify(String appName, UInt32 replacesId, String appIcon, String summary, String body,
                         List<String> actions, Map<String, Variant<?>> hints, int expireTimeout) {
        long id = ids.incrementAndGet();
        calls.add(new Call(id, appName, summary, body, List.copyOf(actions)));
        return new UInt32(id);
    }

    @Override
    public String getObjectPath() {
        return PATH;
    }

    Call awaitCall() throws InterruptedException {
        Call c = calls.poll(30, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no Notify call arrived");
        }
        return c;
    }
}
