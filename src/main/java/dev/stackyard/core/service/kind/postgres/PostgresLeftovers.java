package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceFolders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * What an earlier server left behind: backends still working in the data folder after their
 * postmaster was killed (they are their own group leaders, so the process core's group kill misses
 * them), and, on an explicit request only, the cluster's files.
 */
final class PostgresLeftovers {
    private static final Logger log = LoggerFactory.getLogger(PostgresLeftovers.class);
    static final long STRAY_WAIT_SECONDS = 10;
    static final Duration STRAY_WAIT = Duration.ofSeconds(STRAY_WAIT_SECONDS);

    private final PostgresLayout layout;
    private final PostgresInitdb initdb;

    PostgresLeftovers(PostgresLayout layout, PostgresInitdb initdb) {
        this.layout = layout;
        this.initdb = initdb;
    }

    private String id() {
        return layout.id();
    }

    /**
     * Before a start, with no live postmaster on the folder: any postgres process still working in
     * it is left over from a server that was killed, and would block this start; it is killed. (A
     * postmaster whose postmaster.pid was deleted counts too: postgres itself shuts down within a
     * minute of losing it.)
     */
    void killBeforeStart(Path data, Consumer<String> progress) {
        Optional<Path> real = PostgresProcesses.realPath(data);
        if (real.isEmpty()) {
            return;
        }
        List<ProcFs.Stat> strays = PostgresProcesses.onDataDir(real.get());
        if (strays.isEmpty()) {
            return;
        }
        progress.accept("stopping " + strays.size() + " leftover postgres process(es) of an earlier server on " + data);
        List<Long> alive = PostgresProcesses.killAndWait(strays, STRAY_WAIT);
        if (!alive.isEmpty()) {
            throw new ServiceException(id(), id() + " cannot start: postgres processes " + alive + " of an earlier server on "
                    + data + " did not exit after KILL; wait for them or restart the machine");
        }
    }

    /**
     * After a stop or crash: kills postgres processes still working in the data folder and waits
     * for them, at most {@value #STRAY_WAIT_SECONDS} seconds. Leaves everything alone while a live
     * postmaster serves the folder: the stopped server was ours, so that one is not, nor are its
     * backends.
     */
    void killAfterStop(Path data) {
        Optional<Path> real = PostgresProcesses.realPath(data);
        if (real.isEmpty()) {
            return;
        }
        OptionalLong live = PostgresProcesses.livePostmaster(data);
        if (live.isPresent()) {
            log.info("{}: a postgres server (PID {}) is running on {}; its processes are left alone", id(), live.getAsLong(), data);
            return;
        }
        List<ProcFs.Stat> strays = PostgresProcesses.onDataDir(real.get());
        if (strays.isEmpty()) {
            return;
        }
        log.warn("{}: killing postgres processes left on {}: {}", id(), data, strays.stream().map(ProcFs.Stat::pid).toList());
        List<Long> alive = PostgresProcesses.killAndWait(strays, STRAY_WAIT);
        if (!alive.isEmpty()) {
            log.warn("{}: postgres processes {} on {} did not exit within {} s of KILL", id(), alive, data, STRAY_WAIT.toSeconds());
        }
    }

    /**
     * Deletes the data folder, the password file, the initdb marker and the short socket folder,
     * if any, and returns what it deleted. Refuses while a server runs on the folder, and refuses a
     * folder that does not look like a cluster (a mistyped {@code dataDir} must never cost someone
     * their files).
     */
    List<Path> deleteData(Path passwordFile) {
        Path data = layout.dataDir();
        OptionalLong live = PostgresProcesses.livePostmaster(data);
        if (live.isPresent()) {
            throw new ServiceException(id(), "cannot delete " + data + " while a postgres server (PID " + live.getAsLong()
                    + ") runs on it; stop " + id() + " first");
        }
        List<Path> deleted = new ArrayList<>();
        try {
            if (Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
                boolean inClusterFolder = data.startsWith(layout.clusterFolder());
                if (!inClusterFolder && !PostgresFolders.isEmptyOrMissing(data) && !initdb.looksLikePostgres(data)) {
                    throw new ServiceException(id(), "not deleting " + data + ": it does not look like a PostgreSQL data folder");
                }
                ServiceFolders.deleteTree(data);
                deleted.add(data);
            }
            for (Path file : List.of(passwordFile, layout.initdbMarker())) {
                if (Files.deleteIfExists(file)) {
                    deleted.add(file);
                }
            }
            Path socketDir = layout.socketDir();
            if (!layout.socketInRunDir() && Files.isDirectory(socketDir, LinkOption.NOFOLLOW_LINKS)) {
                ServiceFolders.deleteTree(socketDir);
                deleted.add(socketDir);
            }
            return deleted;
        } catch (IOException e) {
            throw new ServiceException(id(), "cannot delete the data of " + id() + ": " + e.getMessage(), List.of(), e);
        }
    }
}
