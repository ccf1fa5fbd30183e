package dev.stackyard.core.service.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The contents of PostgreSQL's {@code DATA/postmaster.pid}.
 *
 * <p>postgres writes the first five lines when it starts and adds the socket directory, listen
 * address, shared-memory key and status later, rewriting the file in place; a reader can therefore
 * see a file with only some lines. Lines 1–4 must be present and well formed; lines 5–8 are empty
 * strings (status {@link Status#UNKNOWN}) until written. The PID is a hint (see STYLE rule 5): it
 * may name a dead or reused process.
 *
 * @param pid           line 1; postgres writes it negated when a single-user backend holds the lock
 * @param dataDir       line 2
 * @param startTime     line 3, seconds since the epoch
 * @param port          line 4
 * @param socketDir     line 5, or empty (not yet written, or no unix socket)
 * @param listenAddress line 6, or empty (not yet written, or no TCP socket)
 * @param shmemKey      line 7 as written (key and id, space separated), or empty
 * @param status        line 8
 */
public record PostmasterPid(long pid, Path dataDir, Instant startTime, int port, String socketDir,
                            String listenAddress, String shmemKey, Status status) {

    /** Line 8 of the file; {@link #UNKNOWN} when absent or not a word postgres writes. */
    public enum Status {
        STARTING, STOPPING, READY, STANDBY, UNKNOWN;

        static Status parse(String line) {
            return switch (line.trim().toLowerCase(Locale.ROOT)) {
                case "starting" -> STARTING;
                case "stopping" -> STOPPING;
                case "ready" -> READY;
                case "standby" -> STANDBY;
                default -> UNKNOWN;
            };
        }
    }

    /** Far larger than any real file; a bigger one is not a postmaster.pid. */
    private static final long MAX_SIZE = 64 * 1024;

    public PostmasterPid {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(socketDir, "socketDir");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(shmemKey, "shmemKey");
        Objects.requireNonNull(status, "status");
    }

    /** True when postgres says it accepts connections (line 8 is {@code ready}). */
    public boolean isReady() {
        return status == Status.READY;
    }

    /**
     * Reads and parses the file. Never throws for the file's state: a missing, unreadable, empty,
     * oversized or garbled file (lines 1–4 missing or malformed) gives an empty Optional.
     */
    public static Optional<PostmasterPid> read(Path file) {
        try {
            if (Files.size(file) > MAX_SIZE) {
                return Optional.empty();
            }
            return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Parses file contents; empty when lines 1–4 are missing or malformed. */
    static Optional<PostmasterPid> parse(String contents) {
        String[] lines = contents.split("\n", -1);
        if (lines.length < 5) {
            // Fewer than four complete lines (the fourth must end in a newline).
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines[0].trim());
            String dataDir = lines[1];
            long start = Long.parseLong(lines[2].trim());
            int port = Integer.parseInt(lines[3].trim());
            if (pid == 0 || dataDir.isBlank() || start < 0 || port < 1 || port > 65535) {
                return Optional.empty();
            }
            return Optional.of(new PostmasterPid(pid, Path.of(dataDir), Instant.ofEpochSecond(start), port,
                    line(lines, 4), line(lines, 5), line(lines, 6), Status.parse(line(lines, 7))));
        } catch (NumberFormatException | InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static String line(String[] lines, int index) {
        // The last element after split is what follows the final newline: a line still being written.
        return index < lines.length - 1 ? lines[index].trim() : "";
    }
}
