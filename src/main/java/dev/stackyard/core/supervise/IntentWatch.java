package dev.stackyard.core.supervise;

import dev.stackyard.core.process.PrivateFiles;
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
import java.util.function.Consumer;

/**
 * Watches {@code RUN/intents/} (change events, no polling) and hands the id of each intent file
 * written to a consumer, on its own thread; the consumer must not block. Closing ends the thread.
 */
final class IntentWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IntentWatch.class);

    private final Path folder;
    private final Consumer<String> changed;
    private WatchService watch;
    private Thread thread;

    IntentWatch(Path folder, Consumer<String> changed) {
        this.folder = folder;
        this.changed = changed;
    }

    synchronized void start() {
        try {
            PrivateFiles.createFolders(folder);
            watch = FileSystems.getDefault().newWatchService();
            folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            log.warn("cannot watch {}: a CLI stop during BACKOFF is seen only at the restart: {}", folder, e.getMessage());
            return;
        }
        WatchService w = watch;
        thread = Thread.ofPlatform().name("stackyard-intents").daemon(true).start(() -> loop(w));
    }

    private void loop(WatchService w) {
        try {
            while (true) {
                WatchKey key = w.take();
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.context() instanceof Path p && !p.toString().startsWith(".")) {
                        changed.accept(p.toString());
                    }
                }
                if (!key.reset()) {
                    return;
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // closed: done
        }
    }

    @Override
    public synchronized void close() {
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                log.debug("closing the intent watch: {}", e.getMessage());
            }
        }
    }
}
