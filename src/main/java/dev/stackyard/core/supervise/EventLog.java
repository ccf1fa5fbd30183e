package dev.stackyard.core.supervise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackyard.core.json.JsonText;
import dev.stackyard.core.process.ExitStatus;
import dev.stackyard.core.service.ServiceListener;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.process.PrivateFiles;
import dev.stackyard.core.logs.LogRotator;
import dev.stackyard.core.service.SupervisionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code LOGS/events.log}: one JSON object per line for each state change,
 * {@code {"time":ISO,"id":..,"from":..,"to":..,"reason":..|null,"exit":{"code":N}|{"signal":N}|null}},
 * written by whichever front end made the change.
 *
 * <p>A front end only SEES some changes that another one made (it adopts a process the CLI started,
 * or learns that the CLI stopped one); those are not written again here, see {@link #madeHere}.
 * Every line is one {@code write} on a file opened with O_APPEND, so lines of several processes
 * never interleave. As a {@link ServiceListener} it runs on the thread that changed the state and
 * does one small append; errors are logged, never thrown.
 *
 * <p>The file is capped like a service's log ({@link SupervisionPolicy.Logs#DEFAULT}): the append
 * that takes it past the cap rotates it ({@link #cap}), whichever front end made it, so a home used
 * only through CLI calls stays bounded too. Not guaranteed: a front end killed in the middle of a
 * rotation leaves at most one rotation's copy twice on disk (the next rotation drops it).
 */
public final class EventLog implements ServiceListener {
    private static final Logger log = LoggerFactory.getLogger(EventLog.class);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** This JVM's half of the rotation lock: an fcntl lock is the whole process's. */
    private static final ReentrantLock ROTATING = new ReentrantLock();

    private final Path file;
    private final ServiceRegistry registry;
    private final Map<String, ServiceState> last = new ConcurrentHashMap<>();

    private EventLog(Path file, ServiceRegistry registry) {
        this.file = file;
        this.registry = registry;
        registry.snapshots().forEach(s -> last.put(s.id(), s.state()));
    }

    public static Path file(Path logDir) {
        return logDir.resolve("events.log");
    }

    /** Writes every change {@code registry} makes from now on to {@code LOGS/events.log}. */
    public static EventLog attach(ServiceRegistry registry, Path logDir) {
        EventLog events = new EventLog(file(logDir), registry);
        registry.addListener(events);
        return events;
    }

    /**
     * Whether a move from {@code from} to {@code to} was made by this front end rather than seen:
     * going RUNNING other than from STARTING is an adoption, RUNNING to STOPPED is another front
     * end's stop (ours goes through STOPPING), STOPPED to FAILED is another one's failure read from
     * its record, and NOT_INSTALLED comes and goes with the binaries.
     */
    static boolean madeHere(ServiceState from, ServiceState to) {
        if (from == to || from == ServiceState.NOT_INSTALLED || to == ServiceState.NOT_INSTALLED) {
            return false;
        }
        if (to == ServiceState.RUNNING) {
            return from == ServiceState.STARTING;
        }
        return !(from == ServiceState.RUNNING && to == ServiceState.STOPPED)
                && !(from == ServiceState.STOPPED && to == ServiceState.FAILED);
    }

    @Override
    public void onChange(ServiceSnapshot s) {
        ServiceState from = last.put(s.id(), s.state());
        if (from == null || !madeHere(from, s.state())) {
            return;
        }
        ObjectNode o = JsonText.object();
        o.put("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        o.put("id", s.id());
        o.put("from", from.name());
        o.put("to", s.state().name());
        o.put("reason", reasonOf(s));
        ExitStatus exit = s.state() == ServiceState.FAILED || s.state() == ServiceState.BACKOFF
                || s.state() == ServiceState.FATAL ? registry.lastExit(s.id()).orElse(null) : null;
        if (exit == null || (exit.code() == null && exit.signal() == null)) {
            o.putNull("exit");
        } else {
            ObjectNode x = o.putObject("exit");
            if (exit.code() != null) {
                x.put("code", exit.code());
            } else {
                x.put("signal", exit.signal());
            }
        }
        append(JsonText.compact(o));
    }

    private static String reasonOf(ServiceSnapshot s) {
        return switch (s.state()) {
            case FAILED, BACKOFF, FATAL -> s.lastError();
            case RUNNING -> s.pid() == null ? null : "PID " + s.pid();
            default -> s.lastError();
        };
    }

    private void append(String line) {
        long size;
        try {
            PrivateFiles.createFolders(file.getParent());
            try (FileChannel ch = PrivateFiles.openForAppend(file)) {
                ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                size = ch.size();
            }
        } catch (IOException e) {
            log.warn("cannot append to {}: {}", file, e.getMessage());
            return;
        }
        if (size > SupervisionPolicy.Logs.DEFAULT.maxSize()) {
            cap(file.getParent());
        }
    }

    /**
     * Rotates {@code LOGS/events.log} when it is past its cap, keeping {@link SupervisionPolicy.Logs#DEFAULT}'s
     * number of old files. One rotation at a time across threads and processes (a lock file beside
     * it, {@code .events.log.lock}, whose fcntl lock dies with its holder); when another one is under
     * way this returns at once: that one does the job. Errors are logged, never thrown.
     */
    public static void cap(Path logDir) {
        Path events = file(logDir);
        if (!ROTATING.tryLock()) {
            return;
        }
        try (FileChannel lockFile = PrivateFiles.openForWriting(logDir.resolve(".events.log.lock"));
             FileLock held = lockFile.tryLock()) {
            if (held != null) {
                LogRotator.rotateIfLarger(events, SupervisionPolicy.Logs.DEFAULT.maxSize(),
                        SupervisionPolicy.Logs.DEFAULT.keep());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot rotate {}: {}", events, e.getMessage());
        } finally {
            ROTATING.unlock();
        }
    }

    /** One line of the log for people: {@code 12:01:03 redis RUNNING -> BACKOFF exit code 139: reason}. */
    public static String format(String jsonLine) {
        try {
            JsonNode o = JsonText.parse(jsonLine);
            StringBuilder b = new StringBuilder();
            b.append(LocalTime.ofInstant(Instant.parse(o.path("time").asText()), ZoneId.systemDefault()).format(CLOCK))
                    .append(' ').append(o.path("id").asText()).append(' ')
                    .append(o.path("from").asText()).append(" -> ").append(o.path("to").asText());
            JsonNode exit = o.path("exit");
            if (exit.has("code")) {
                b.append(" exit ").append(exit.path("code").asInt());
            } else if (exit.has("signal")) {
                b.append(" signal ").append(exit.path("signal").asInt());
            }
            if (!o.path("reason").isNull() && !o.path("reason").asText().isEmpty()) {
                b.append(": ").append(o.path("reason").asText());
            }
            return b.toString();
        } catch (IOException | RuntimeException e) {
            return jsonLine; // not ours, or torn: show it as it is
        }
    }
}
