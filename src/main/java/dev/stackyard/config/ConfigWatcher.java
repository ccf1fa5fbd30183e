package dev.stackyard.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Tells when a config file changed on disk, by file-system change events (inotify), not by polling.
 *
 * <p>The folder is watched rather than the file, so an editor that writes a new file and renames
 * it over the old one (vim, most IDEs) is seen as well as one that writes in place. A burst of
 * events (write, rename, the {@code .bak} beside it) is folded into one call: {@code onChange}
 * runs once the file has been quiet for the debounce period.
 *
 * <p>{@code onChange} runs on the watcher's own thread, one call at a time; it may block (a reload
 * that stops a removed service), later events wait for it. Closing ends the thread.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final Duration debounce;
    private final Runnable onChange;
    private final WatchService watch;
    private final Thread thread;

    /**
     * Starts watching at once.
     *
     * @throws IOException when the folder cannot be watched
     */
    public ConfigWatcher(Path file, Duration debounce, Runnable onChange) throws IOException {
        this.file = file.toAbsolutePath();
        this.debounce = debounce;
        this.onChange = onChange;
        this.watch = FileSystems.getDefault().newWatchService();
        try {
            this.file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | RuntimeException e) {
            watch.close();
            throw e;
        }
        this.thread = Thread.ofPlatform().name("stackyard-config-watch").daemon(true).start(this::run);
    }

    public Path file() {
        return file;
    }

    private void run() {
        try {
            while (true) {
                if (!aboutTheFile(watch.take())) {
                    continue;
                }
                // Quiet period: keep taking events until none comes for the debounce time.
                WatchKey more;
                while ((more = watch.poll(debounce.toNanos(), TimeUnit.NANOSECONDS)) != null) {
                    aboutTheFile(more);
                }
                try {
                    onChange.run();
                } catch (RuntimeException e) {
                    log.error("handling a change of {} failed", file, e);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            log.debug("stopped watching {}", file);
        }
    }

    /** Drains and resets the key; true when an event names the file (or events were lost). */
    private boolean aboutTheFile(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW
                    || file.getFileName().equals(event.context())) {
                relevant = true;
            }
        }
        if (!key.reset()) {
            log.warn("{} can no longer be watched (its folder went away)", file.getParent());
        }
        return relevant;
    }

    /** Stops watching and waits for a change being handled to finish. */
    @Override
    public void close() {
        try {
            watch.close();
        } catch (IOException e) {
            log.warn("closing the watch of {}: {}", file, e.getMessage());
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
