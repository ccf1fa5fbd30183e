package dev.stackyard.core.supervise;

import dev.stackyard.core.process.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * The durable record of what a person last asked for a service from another front end: one file per
 * service, {@code RUN/intents/ID}, holding {@code ACTION EPOCH_MILLIS PID} ({@code stop 1764417603120 4242}).
 *
 * <p>Why: a CLI {@code stop} of a service in BACKOFF finds nothing to stop (nothing runs), so the
 * supervisor in another JVM would never hear of it and restart it on schedule. The CLI writes the
 * intent BEFORE it acts; the supervisor watches the folder (inotify, through a WatchService) and
 * cancels its pending restart at once, and checks the file again right before any restart it
 * schedules. A stop of a running service needs no intent (the process core's stop marker tells the
 * watcher it was asked for), but it is written all the same, so the rule is simple: every user
 * start, stop or restart from the CLI writes one.
 *
 * <p>Files are replaced atomically, 0600 in a 0700 folder from creation ({@link PrivateFiles}); a torn or
 * missing file reads as no intent.
 */
public final class UserIntents {
    private static final Logger log = LoggerFactory.getLogger(UserIntents.class);

    /** A person's request: {@code action} is "start" or "stop" (a restart records "start"). */
    public record Intent(String action, Instant at, long pid) {
    }

    private UserIntents() {
    }

    public static Path folder(Path runDir) {
        return runDir.resolve("intents");
    }

    /** Records {@code action} for each id, now, by this process. Failures are logged, never thrown. */
    public static void record(Path runDir, Collection<String> ids, String action) {
        Path dir = folder(runDir);
        String text = action + " " + Instant.now().toEpochMilli() + " " + ProcessHandle.current().pid() + "\n";
        for (String id : ids) {
            try {
                PrivateFiles.writeAtomically(dir.resolve(id), text);
            } catch (IOException e) {
                log.warn("{}: cannot record the request to {}: {}", id, action, e.getMessage());
            }
        }
    }

    /** The last intent recorded for {@code id}, if any. */
    public static Optional<Intent> read(Path runDir, String id) {
        try {
            String[] parts = Files.readString(folder(runDir).resolve(id), StandardCharsets.US_ASCII).strip().split(" ");
            if (parts.length != 3) {
                return Optional.empty();
            }
            return Optional.of(new Intent(parts[0], Instant.ofEpochMilli(Long.parseLong(parts[1])), Long.parseLong(parts[2])));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
