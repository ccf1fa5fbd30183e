package dev.stackyard.core.process;

import java.nio.file.Path;
import java.time.Instant;

/** What the process manager publishes. Immutable snapshots. */
public sealed interface ProcessEvent {
    String id();

    Instant at();

    /** The process passed its readiness check. */
    record Ready(String id, long pid, Instant at) implements ProcessEvent {
    }

    /** A running process from an earlier manager (another JVM) was verified and is now watched. */
    record Adopted(String id, long pid, Instant at) implements ProcessEvent {
    }

    /**
     * The process ended. {@code expected} is true when a stop asked for it (or a failed start
     * cleaned it up); false means it crashed or was killed from outside.
     */
    record Exited(String id, long pid, ExitStatus status, boolean expected, Instant at) implements ProcessEvent {
    }

    /** A PID or state file was removed because its process was dead, a zombie, or not ours. */
    record StaleFileRemoved(String id, Path file, String reason, Instant at) implements ProcessEvent {
    }
}
