package dev.stackyard.core.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where Stackyard keeps things, as the service layer sees it (the config layer's app folders,
 * without depending on it).
 *
 * @param dataDir  persistent data: postgres clusters, redis dumps, the default web root
 * @param runDir   run state: the process manager's records, each service's rendered config,
 *                 sockets and PID files ({@code runDir/ID/...})
 * @param logDir   one log file per service ({@code logDir/ID.log})
 * @param installations where the binaries of each kind are found
 * @param sites    the sites nginx services serve ({@link NginxSites#NONE} for none)
 * @param sendmail the command PHP's mail() runs ({@link Sendmail#NONE} for none)
 */
public record ServiceEnvironment(Path dataDir, Path runDir, Path logDir, Installations installations,
                                 NginxSites sites, Sendmail sendmail) {
    public ServiceEnvironment {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(installations, "installations");
        Objects.requireNonNull(sites, "sites");
        Objects.requireNonNull(sendmail, "sendmail");
    }

    /** An environment without a sendmail command for PHP. */
    public ServiceEnvironment(Path dataDir, Path runDir, Path logDir, Installations installations, NginxSites sites) {
        this(dataDir, runDir, logDir, installations, sites, Sendmail.NONE);
    }

    /** An environment whose nginx services serve no sites. */
    public ServiceEnvironment(Path dataDir, Path runDir, Path logDir, Installations installations) {
        this(dataDir, runDir, logDir, installations, NginxSites.NONE, Sendmail.NONE);
    }

    /** The process manager's state folder. */
    public Path processStateDir() {
        return runDir.resolve("processes");
    }

    /**
     * Where Stackyard keeps its own records of service {@code id} ({@code RUN/.records/ID}): always
     * a folder only Stackyard's owner writes, unlike {@link #serviceRunDir}, which as root may be
     * handed to a service's account. The dot keeps it apart from every service id.
     */
    public static Path recordFolder(Path runDir, String id) {
        return runDir.resolve(".records").resolve(id);
    }

    /** A service's private run folder: rendered config, socket, PID file. */
    public Path serviceRunDir(String id) {
        return runDir.resolve(id);
    }

    public Path logFile(String id) {
        return logDir.resolve(id + ".log");
    }

    /**
     * True when this JVM's effective uid is 0 (containers, CI): some daemons then need another
     * account. Decided by the uid, not the {@code user.name} property, which names the real user
     * and can be set to anything on the command line.
     */
    public static boolean runningAsRoot() {
        return effectiveUid() == 0;
    }

    /** This process's effective uid, from {@code /proc/self/status}. */
    public static int effectiveUid() {
        try {
            return parseEffectiveUid(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/self/status", e);
        }
    }

    /** The second number of the {@code Uid:} line (real, effective, saved, filesystem). */
    static int parseEffectiveUid(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("Uid:")) {
                String[] ids = line.substring(4).trim().split("\\s+");
                if (ids.length >= 2) {
                    return Integer.parseInt(ids[1]);
                }
            }
        }
        throw new IllegalArgumentException("no Uid line in /proc/self/status");
    }
}
