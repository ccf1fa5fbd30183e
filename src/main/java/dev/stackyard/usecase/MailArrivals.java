package dev.stackyard.usecase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Tells when the mail of a mail service changed (a message arrived, or was deleted), from
 * file-system events on its message folder (inotify): nothing is read and no thread wakes while no
 * mail comes. The watch exists only while a mail service is configured: {@link #watch} with the
 * current mail services (the app calls it on every config change and when a mail service starts)
 * adds and drops folders, and with none the watcher and its thread go away.
 *
 * <p>A burst of events (a message's temporary file, its rename, the index beside it) is folded
 * into one call per service, once the folder has been quiet for {@link #DEBOUNCE}. Listeners are
 * called on the watcher's own thread, one call at a time; they must not block for long.
 */
public final class MailArrivals implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailArrivals.class);
    static final Duration DEBOUNCE = Duration.ofMillis(100);

    /** Told of changes; see the class comment for the thread. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param serviceId the mail service whose folder changed
         * @param arrived   whether a file was added (a message may have arrived); false when files
         *                  were only deleted or changed
         */
        void changed(String serviceId, boolean arrived);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Folder → service id, of the folders watched now (read by the watcher thread without the lock). */
    private final Map<Path, String> watched = new java.util.concurrent.ConcurrentHashMap<>();
    /** Guarded by this, with the watch service and its thread. */
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private WatchService watch;
    private Thread thread;

    /** Registers a listener; returns what unregisters it. */
    public Runnable subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Watches the folders of exactly these mail services from now on (a folder that does not exist
     * yet is left for a later call: Stackyard never makes it behind the service's back). With none,
     * the watcher ends.
     */
    public synchronized void watch(List<MailBoxes.Box> boxes) {
        Map<Path, String> wanted = new LinkedHashMap<>();
        boxes.forEach(b -> wanted.put(b.mailbox().folder().toAbsolutePath().normalize(), b.serviceId()));
        keys.entrySet().removeIf(e -> {
            boolean gone = !wanted.containsKey(e.getKey()) || !e.getValue().isValid();
            if (gone) {
                e.getValue().cancel();
                watched.remove(e.getKey());
            }
            return gone;
        });
        if (wanted.isEmpty()) {
            stop();
            return;
        }
        try {
            if (watch == null) {
                watch = FileSystems.getDefault().newWatchService();
                WatchService w = watch;
                thread = Thread.ofPlatform().name("stackyard-mail-watch").daemon(true).start(() -> run(w));
            }
            for (var e : wanted.entrySet()) {
                // A folder the service has not made yet (it makes it, with its owner, on its first
                // start) is watched on the next call, once it is there.
                if (!keys.containsKey(e.getKey()) && Files.isDirectory(e.getKey())) {
                    watched.put(e.getKey(), e.getValue());
                    keys.put(e.getKey(), e.getKey().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
                }
            }
        } catch (IOException e) {
            log.warn("new mail will not be noticed: cannot watch {}: {}", wanted.keySet(), e.getMessage());
        }
    }

    /** Whether a folder is watched now (tests; the app's idle cost). */
    public synchronized boolean watching() {
        return !keys.isEmpty();
    }

    private void run(WatchService w) {
        try {
            while (true) {
                Map<String, Boolean> changed = new LinkedHashMap<>();
                take(w.take(), changed);
                WatchKey more;
                while ((more = w.poll(DEBOUNCE.toNanos(), TimeUnit.NANOSECONDS)) != null) {
                    take(more, changed);
                }
                changed.forEach((id, arrived) -> listeners.forEach(l -> {
                    try {
                        l.changed(id, arrived);
                    } catch (RuntimeException e) {
                        log.error("handling new mail of {} failed", id, e);
                    }
                }));
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            log.debug("stopped watching the mail folders");
        }
    }

    /** Drains and resets a key into {@code changed} (service id → whether something was added). */
    private void take(WatchKey key, Map<String, Boolean> changed) {
        String id = watched.get(((Path) key.watchable()).toAbsolutePath().normalize());
        boolean arrived = false;
        boolean any = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            Object name = event.context();
            if (name instanceof Path p && p.getFileName().toString().startsWith(".")) {
                continue; // a temporary file on its way to its real name
            }
            any = true;
            arrived |= event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                    || event.kind() == StandardWatchEventKinds.OVERFLOW;
        }
        key.reset();
        if (id != null && any) {
            changed.merge(id, arrived, Boolean::logicalOr);
        }
    }

    private void stop() {
        WatchService w = watch;
        Thread t = thread;
        watch = null;
        thread = null;
        keys.clear();
        watched.clear();
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                log.debug("closing the mail watch: {}", e.getMessage());
            }
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized void close() {
        stop();
        listeners.clear();
    }

    @Override
    public String toString() {
        return "MailArrivals" + Objects.toString(watched.keySet());
    }
}
