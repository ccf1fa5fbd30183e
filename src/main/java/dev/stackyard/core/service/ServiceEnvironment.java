package dev.stackyard.core.service;

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
 */
public record ServiceEnvironment(Path dataDir, Path runDir, Path logDir, Installations installations,
                                 NginxSites sites) {
    public ServiceEnvironment {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(installations, "installations");
        Objects.requireNonNull(sites, "sites");
    }

    /** An environment whose nginx services serve no sites. */
    public ServiceEnvironment(Path dataDir, Path runDir, Path logDir, Installations installations) {
        this(dataDir, runDir, logDir, installations, NginxSites.NONE);
    }

    /** The process manager's state folder. */
    public Path processStateDir() {
        return runDir.resolve("processes");
    }

    /** A service's private run folder: rendered config, socket, PID file. */
    public Path serviceRunDir(String id) {
        return runDir.resolve(id);
    }

    public Path logFile(String id) {
        return logDir.resolve(id + ".log");
    }

    /** True when this JVM runs as root (containers, CI): some daemons then need another account. */
    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
