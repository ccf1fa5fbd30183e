package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.service.InstanceLayout;
import dev.stackyard.core.service.RootBase;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.SocketFolder;

import java.nio.file.Path;

/**
 * Where one cluster's files are: data folder, password file, initdb marker, socket folder. Only
 * names paths; creating them is {@link PostgresFolders}' job.
 *
 * <p>As root, postgres runs as another account, which must be able to pass through every folder
 * above its data and socket. When Stackyard's own folders sit below a folder that account cannot
 * enter (the default {@code /root/.local/share/stackyard}: /root is 0700) and no {@code dataDir} is
 * configured, the cluster goes to {@code ROOT_BASE/HASH/postgres/ID} and the socket to {@code
 * ROOT_BASE/HASH/run/ID} instead (HASH: of the data folder, so two STACKYARD_HOMEs never share);
 * {@code /root} is never loosened. A cluster already at the usual place stays there. The rule is
 * {@link RootBase}'s, shared with mariadb and the web kinds. Immutable.
 */
final class PostgresLayout extends InstanceLayout {
    static final int MAX_SOCKET_PATH = SocketFolder.MAX_PATH;
    static final Path DEFAULT_ROOT_BASE = RootBase.DEFAULT;

    PostgresLayout(ServiceDefinition definition, ServiceEnvironment env, boolean asRoot, Path rootBase) {
        super(definition, env, asRoot, rootBase, PostgresKind.INSTANCES.dataFolder(), "postgres");
    }

    /**
     * Stackyard's folder for its clusters: default data folders, password files, initdb markers.
     * {@code DATA/postgres}, or the root base (see the class comment); a cluster already there stays.
     */
    Path clusterFolder() {
        return folder();
    }

    /** This Stackyard home's folder under the root base; part of Stackyard's own folders. */
    Path homeUnderRootBase() {
        return roots().home();
    }

    /** Beside the cluster, not in it (initdb wants an empty folder): kept as long as the cluster is. */
    Path passwordFile() {
        return clusterFolder().resolve(id() + ".password");
    }

    /** Exists while initdb runs: found later, it means initdb never finished. */
    Path initdbMarker() {
        return clusterFolder().resolve(id() + ".initdb-incomplete");
    }

    /**
     * The folder of the unix socket {@code .s.PGSQL.PORT}: the run folder when the socket's full
     * path fits in {@value #MAX_SOCKET_PATH} bytes, else {@code /tmp/stackyard-UID-HASH} (UID of
     * this JVM, HASH of the data folder).
     */
    Path socketDir() {
        return SocketFolder.choose(runDir(), socketName(), dataDir());
    }

    boolean socketInRunDir() {
        return socketDir().equals(runDir());
    }

    boolean fitsSocketPath(Path dir) {
        return SocketFolder.fits(dir, socketName());
    }

    private String socketName() {
        return ".s.PGSQL." + port();
    }
}
