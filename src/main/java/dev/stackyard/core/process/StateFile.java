package dev.stackyard.core.process;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The record a manager keeps beside each process it starts, so that a later manager (another
 * JVM) can recognise it: identity, process group, stop ladder and where its files are.
 * Written atomically (temp file, rename), so a reader sees the old or the new record.
 */
record StateFile(ProcessIdentity identity, long pgid, Instant startedAt, StopPolicy stopPolicy,
                 Path logFile, Path pidFile, List<String> argv, String marker) {

    private static final String FORMAT = "1";

    /** A record without a {@link ServiceMarker} (as written before marks existed). */
    StateFile(ProcessIdentity identity, long pgid, Instant startedAt, StopPolicy stopPolicy, Path logFile,
              Path pidFile, List<String> argv) {
        this(identity, pgid, startedAt, stopPolicy, logFile, pidFile, argv, null);
    }

    void write(Path file) {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("pid", Long.toString(identity.pid()));
        p.setProperty("startTicks", Long.toString(identity.startTicks()));
        if (identity.exe() != null) {
            p.setProperty("exe", identity.exe());
        }
        p.setProperty("bootId", identity.bootId());
        p.setProperty("pgid", Long.toString(pgid));
        p.setProperty("startedAt", startedAt.toString());
        p.setProperty("stopPolicy", stopPolicy.encode());
        p.setProperty("logFile", logFile.toString());
        p.setProperty("pidFile", pidFile.toString());
        if (marker != null) {
            p.setProperty("marker", marker);
        }
        p.setProperty("argc", Integer.toString(argv.size()));
        for (int i = 0; i < argv.size(); i++) {
            p.setProperty("argv." + i, argv.get(i));
        }
        StringWriter text = new StringWriter();
        try {
            p.store(text, "Stackyard process state: do not edit");
            writeAtomically(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The record in {@code file}; empty when there is no file; throws when it is not a record. */
    static Optional<StateFile> read(Path file) throws IOException {
        String text;
        try {
            text = PrivateFiles.readRecord(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text)); // a malformed unicode escape throws IllegalArgumentException
            ProcessIdentity identity = new ProcessIdentity(
                    Long.parseLong(required(p, "pid")), Long.parseLong(required(p, "startTicks")),
                    p.getProperty("exe"), required(p, "bootId"));
            int argc = Integer.parseInt(required(p, "argc"));
            List<String> argv = new ArrayList<>();
            for (int i = 0; i < argc; i++) {
                argv.add(required(p, "argv." + i));
            }
            return Optional.of(new StateFile(identity, Long.parseLong(required(p, "pgid")),
                    Instant.parse(required(p, "startedAt")), StopPolicy.decode(p.getProperty("stopPolicy")),
                    Path.of(required(p, "logFile")), Path.of(required(p, "pidFile")), argv,
                    p.getProperty("marker")));
        } catch (RuntimeException e) {
            throw new IOException("not a Stackyard state file: " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }

    /** {@link PrivateFiles#writeAtomically}: a 0600 temp file beside {@code file}, renamed over it. */
    static void writeAtomically(Path file, String text) throws IOException {
        PrivateFiles.writeAtomically(file, text);
    }
}
