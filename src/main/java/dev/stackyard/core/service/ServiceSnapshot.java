package dev.stackyard.core.service;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable picture of one service at one moment: what the window shows in a row and what
 * {@code status --json} prints.
 *
 * @param pid       the daemon's PID while it runs, else null
 * @param port      TCP port, or null (php-fpm listens on a unix socket)
 * @param url       how a client connects, or null
 * @param lastError one sentence about the last failure, or null
 * @param logTail   the last log lines behind {@code lastError} (empty when there is none)
 * @param progress  the latest progress line of a start in progress (postgres initdb), or null
 * @param since     when the service entered this state (for RUNNING: when it started)
 * @param pendingRestart the config changed this service's definition while it ran: the change
 *                  takes effect at its next start (it is never restarted behind the user's back)
 * @param nextRestartAt in BACKOFF: when the supervisor starts it again; else null
 * @param notice    advice about how the service is configured (redis without a password: how to
 *                  require one), or null
 * @param version   while it runs: the version its process runs (from its start record); else the
 *                  version its next start would run; null when unknown (a process has none)
 * @param exactVersion the full version ("15.14", "17.11.0") of {@code version}, or null
 * @param nextVersion while it runs: the exact version its next start would run when that is another
 *                  one than it runs now (a newer build of the same major installed); else null
 */
public record ServiceSnapshot(String id, ServiceKind kind, String version, ServiceState state, Long pid,
                              Integer port, Path pidFile, Path logFile, String url, String lastError,
                              List<String> logTail, String progress, Instant since, boolean pendingRestart,
                              Instant nextRestartAt, String notice, String exactVersion, String nextVersion) {
    public ServiceSnapshot {
        logTail = logTail == null ? List.of() : List.copyOf(logTail);
        exactVersion = exactVersion == null ? version : exactVersion;
    }

    /** A snapshot with no notice, whose exact version is {@code version}, with no other version waiting. */
    public ServiceSnapshot(String id, ServiceKind kind, String version, ServiceState state, Long pid,
                           Integer port, Path pidFile, Path logFile, String url, String lastError,
                           List<String> logTail, String progress, Instant since, boolean pendingRestart,
                           Instant nextRestartAt) {
        this(id, kind, version, state, pid, port, pidFile, logFile, url, lastError, logTail, progress, since,
                pendingRestart, nextRestartAt, null, null, null);
    }

    /** A snapshot outside BACKOFF (no restart scheduled). */
    public ServiceSnapshot(String id, ServiceKind kind, String version, ServiceState state, Long pid,
                           Integer port, Path pidFile, Path logFile, String url, String lastError,
                           List<String> logTail, String progress, Instant since, boolean pendingRestart) {
        this(id, kind, version, state, pid, port, pidFile, logFile, url, lastError, logTail, progress, since,
                pendingRestart, (Instant) null);
    }

    /** A snapshot with no config change waiting for a restart, outside BACKOFF. */
    public ServiceSnapshot(String id, ServiceKind kind, String version, ServiceState state, Long pid,
                           Integer port, Path pidFile, Path logFile, String url, String lastError,
                           List<String> logTail, String progress, Instant since) {
        this(id, kind, version, state, pid, port, pidFile, logFile, url, lastError, logTail, progress, since, false);
    }
    // equals and hashCode are written out: a record's own are made at run time by an invokedynamic
    // bootstrap (java.lang.runtime.ObjectMethods) that spins method-handle classes no AOT cache
    // keeps, and the first state change of a CLI call compares two snapshots. Every component is
    // compared (ServiceSnapshotTest changes each one in turn).
    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceSnapshot that
                && pendingRestart == that.pendingRestart
                && Objects.equals(id, that.id) && Objects.equals(kind, that.kind)
                && Objects.equals(version, that.version) && state == that.state
                && Objects.equals(pid, that.pid) && Objects.equals(port, that.port)
                && Objects.equals(pidFile, that.pidFile) && Objects.equals(logFile, that.logFile)
                && Objects.equals(url, that.url) && Objects.equals(lastError, that.lastError)
                && Objects.equals(logTail, that.logTail) && Objects.equals(progress, that.progress)
                && Objects.equals(since, that.since) && Objects.equals(nextRestartAt, that.nextRestartAt)
                && Objects.equals(notice, that.notice) && Objects.equals(exactVersion, that.exactVersion)
                && Objects.equals(nextVersion, that.nextVersion);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {id, kind, version, state, pid, port, pidFile, logFile, url, lastError,
                logTail, progress, since, pendingRestart, nextRestartAt, notice, exactVersion, nextVersion});
    }
}
