package dev.stackyard.core.service;

import dev.stackyard.core.process.PrivateFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's own records, shared by every Stackyard process on one home:
 * {@code RUN/.records/ID/last-error} (the last failure, so a fresh CLI invocation can report it) and
 * {@code RUN/.records/ID/started-with} (the definition the running process was started with, so another
 * process can tell that a config change waits for a restart) and {@code RUN/.records/ID/started-version}
 * (the version it runs, which an install since may make differ from what the next start would run).
 *
 * <p>They live in {@link ServiceEnvironment#recordFolder}, never in the service's own run folder: as
 * root that one may belong to the postgres account, which could plant a link there for root to
 * write through. Files are 0600 in 0700 folders from creation and replaced by rename, never
 * written through a link.
 *
 * <p>Records are hints: failing to write one is logged and otherwise ignored, an unreadable one
 * reads as absent.
 */
final class RunRecords {
    private static final Logger log = LoggerFactory.getLogger(RunRecords.class);
    private static final String LAST_ERROR = "last-error";
    private static final String STARTED_WITH = "started-with";
    private static final String STARTED_VERSION = "started-version";

    /** The version a service's process was started with: {@link Installation#version()} and its exact version. */
    record RunVersion(String version, String exactVersion) {
        static RunVersion of(Installation i) {
            return new RunVersion(i.version(), i.exactVersion());
        }
    }

    private final ServiceEnvironment env;

    RunRecords(ServiceEnvironment env) {
        this.env = env;
    }

    /**
     * A definition as text that is equal exactly when the definitions are: the records' own text
     * ({@code ServiceDefinition[id=web, kind=nginx, ...]}, nested records alike) with maps in key
     * order, the same text earlier versions recorded. Written out over the record components
     * rather than through {@code toString()}: a record's generated toString is bootstrapped at its
     * first call, making classes at run time (about 40 ms of a cold {@code status} with a service
     * running, one record class after the other).
     */
    static String fingerprint(ServiceDefinition d) {
        StringBuilder b = new StringBuilder();
        appendText(b, d);
        return b.toString();
    }

    private static void appendText(StringBuilder b, Object value) {
        if (value instanceof Record r) {
            b.append(r.getClass().getSimpleName()).append('[');
            RecordComponent[] components = r.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                b.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=');
                try {
                    appendText(b, components[i].getAccessor().invoke(r));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + components[i], e);
                }
            }
            b.append(']');
        } else if (value instanceof Map<?, ?> map) {
            b.append(new TreeMap<>(map));
        } else {
            b.append(value);
        }
    }

    void writeLastError(String id, String message) {
        write(id, LAST_ERROR, message);
    }

    /** The last failure recorded for {@code id}, stripped; empty when none. */
    Optional<String> readLastError(String id) {
        return read(id, LAST_ERROR).map(String::strip);
    }

    void clearLastError(String id) {
        try {
            Files.deleteIfExists(file(id, LAST_ERROR));
        } catch (IOException ex) {
            log.warn("{}: cannot clear the last error: {}", id, ex.getMessage());
        }
    }

    /** Records the {@link #fingerprint} of the definition {@code id}'s process was started with. */
    void writeStartedWith(String id, String fingerprint) {
        write(id, STARTED_WITH, fingerprint);
    }

    Optional<String> readStartedWith(String id) {
        return read(id, STARTED_WITH);
    }

    /** Records the installation {@code id}'s process was started with (two lines: version, exact version). */
    void writeStartedVersion(String id, RunVersion v) {
        write(id, STARTED_VERSION, v.version() + "\n" + v.exactVersion() + "\n");
    }

    Optional<RunVersion> readStartedVersion(String id) {
        return read(id, STARTED_VERSION).map(t -> t.strip().split("\n"))
                .filter(l -> l.length == 2 && !l[0].isBlank() && !l[1].isBlank())
                .map(l -> new RunVersion(l[0].strip(), l[1].strip()));
    }

    private Path file(String id, String name) {
        return ServiceEnvironment.recordFolder(env.runDir(), id).resolve(name);
    }

    private void write(String id, String name, String text) {
        try {
            PrivateFiles.writeAtomically(file(id, name), text);
        } catch (IOException ex) {
            log.warn("{}: cannot write {}: {}", id, name, ex.getMessage());
        }
    }

    private Optional<String> read(String id, String name) {
        try {
            Path f = file(id, name);
            // A link is not a record of ours (the account's folder is writable by the account): absent.
            return Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                    ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException ex) {
            return Optional.empty();
        }
    }
}
