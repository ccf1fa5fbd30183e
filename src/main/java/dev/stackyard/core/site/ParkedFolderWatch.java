package dev.stackyard.core.site;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Tells when what the parked folders serve may have changed, by file-system events (inotify), not
 * by polling: a sub-folder made, removed or renamed, its permissions changed (inotify reports a
 * child's attribute change on the folder), or a {@code public/} or {@code web/} made or removed
 * inside one (which moves its web root). Each parked folder and each of its sub-folders is watched,
 * one level deep; nothing below.
 *
 * <p>A burst of events ({@code git clone}, {@code composer create-project}) is folded into one
 * call: {@code onChange} runs on the watch's own thread once the folders have been quiet for
 * {@code quiet}, one call at a time; it may block, later events wait for it. The callers compare
 * what they serve before acting, so a change that moves nothing costs one read of the folders.
 * Thread-safe; closing ends the thread.
 */
public final class ParkedFolderWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParkedFolderWatch.class);

    private final Duration quiet;
    private final Runnable onChange;
    private final WatchService watch;
    private final Thread thread;
    /** Watched folder → its key; a parked folder's own key, and one per sub-folder. */
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private Set<Path> parked = Set.of();

    /**
     * Starts the thread; nothing is watched until {@link #watch}.
     *
     * @param checkFirst call {@code onChange} once at the start, on the watch's thread (to catch up
     *                   with what changed while nobody watched)
     */
    public ParkedFolderWatch(Duration quiet, boolean checkFirst, Runnable onChange) throws IOException {
        this.quiet = quiet;
        this.onChange = onChange;
        this.watch = FileSystems.getDefault().newWatchService();
        this.thread = Thread.ofPlatform().name("stackyard-parked-watch").daemon(true).start(() -> {
            if (checkFirst) {
                changed();
            }
            run();
        });
    }

    /**
     * Watches exactly {@code dirs} (the parked folders of the current config) from now on: folders
     * no longer parked are let go, new ones and their sub-folders registered. A folder that does
     * not exist (yet) is skipped; it is a broken site's business, not the watch's.
     */
    public synchronized void watch(Collection<Path> dirs) {
        Set<Path> now = new LinkedHashSet<>(dirs);
        keys.entrySet().removeIf(e -> {
            boolean keep = now.contains(e.getKey()) || now.contains(e.getKey().getParent());
            if (!keep) {
                e.getValue().cancel();
            }
            return !keep;
        });
        parked = Set.copyOf(now);
        for (Path dir : now) {
            register(dir);
            for (Path sub : subFolders(dir)) {
                register(sub);
            }
        }
    }

    /** The folders watched now (tests, diagnostics). */
    public synchronized Set<Path> watched() {
        return Set.copyOf(keys.keySet());
    }

    private void register(Path dir) {
        if (keys.containsKey(dir) && keys.get(dir).isValid()) {
            return;
        }
        try {
            keys.put(dir, dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
        } catch (ClosedWatchServiceException e) {
            // closing: nothing more to watch
        } catch (IOException e) {
            log.debug("cannot watch {}: {}", dir, e.getMessage()); // gone already, or not a folder
        }
    }

    private void run() {
        try {
            while (true) {
                handle(watch.take());
                WatchKey more;
                while ((more = watch.poll(quiet.toNanos(), TimeUnit.NANOSECONDS)) != null) {
                    handle(more);
                }
                changed();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            log.debug("stopped watching the parked folders");
        }
    }

    private void changed() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            log.error("handling a change of the parked folders failed", e);
        }
    }

    /** Drains the key; a new sub-folder of a parked folder is watched too, a gone one let go. */
    private synchronized void handle(WatchKey key) {
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && parked.contains(dir)
                    && event.context() instanceof Path name && !name.toString().startsWith(".")) {
                Path sub = dir.resolve(name);
                if (Files.isDirectory(sub)) {
                    register(sub);
                }
            }
        }
        if (!key.reset()) {
            keys.remove(dir, key);
        }
    }

    private static Set<Path> subFolders(Path dir) {
        Set<Path> out = new LinkedHashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            entries.forEach(p -> {
                if (!p.getFileName().toString().startsWith(".")) {
                    out.add(p);
                }
            });
        } catch (IOException e) {
            log.debug("cannot list {}: {}", dir, e.getMessage());
        }
        return out;
    }

    /** Stops watching and waits for a change being handled to finish. */
    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            log.warn("closing the watch of the parked folders: {}", e.getMessage());
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
