package dev.stackyard.app;

import dev.stackyard.tray.dbus.StatusNotifierWatcher;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A StatusNotifierWatcher as a desktop's tray host runs one: records who registers. */
final class TestWatcher implements StatusNotifierWatcher {
    final LinkedBlockingQueue<String> registered = new LinkedBlockingQueue<>();

    @Override
    public void RegisterStatusNotifierItem(String service) {
        registered.add(service);
    }

    @Override
    public String getObjectPath() {
        return PATH;
    }

    String awaitRegistration() throws InterruptedException {
        String name = registered.poll(30, TimeUnit.SECONDS);
        if (name == null) {
            throw new AssertionError("no item registered with the watcher");
        }
        return name;
    }
}
