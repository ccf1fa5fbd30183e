package dev.stackyard.core.service.kind.postgres;

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
final class PostgresLayout {
    static final int MAX_SOCKET_PATH = SocketFolder.MAX_PATH;
    static final Path DEFAULT_ROOT_BASE = RootBase.DEFAULT;

    private final ServiceDefinition definition;
    private final boolean asRoot;
    private final RootBase roots;

    PostgresLayout(ServiceDefinition definition, ServiceEnvironment env, boolean asRoot, Path rootBase) {
        this.definition = definition;
        this.asRoot = asRoot;
        this.roots = new RootBase(rootBase, env);
    }

    String id() {
        return definition.id();
    }

    boolean asRoot() {
        return asRoot;
    }

    /** The cluster's data folder: the definition's {@code dataDir}, else {@code CLUSTERS/ID}. */
    Path dataDir() {
        Path dir = definition.dataDir() != null ? definition.dataDir() : clusterFolder().resolve(id());
        return dir.toAbsolutePath().normalize();
    }

    /**
     * Stackyard's folder for its clusters: default data folders, password files, initdb markers.
     * {@code DATA/postgres}, or the root base (see the class comment); a cluster already there stays.
     */
    Path clusterFolder() {
        return roots.dataFolder(PostgresKind.INSTANCES.dataFolder(), asRoot, id());
    }

    /** The service's run folder: the usual one, or under the root base when others cannot reach it. */
    Path runDir() {
        return roots.serviceRunDir(id(), asRoot);
    }

    /** This Stackyard home's folder under the root base; part of Stackyard's own folders. */
    Path homeUnderRootBase() {
        return roots.home();
    }

    /** Which folders are Stackyard's own, to open for passing through (0711) as root. */
    RootBase roots() {
        return roots;
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

    int port() {
        if (definition.port() == null) {
            throw new dev.stackyard.core.service.ServiceException(id(),
                    id() + " has no port; set one (postgres listens on 127.0.0.1:PORT)");
        }
        return definition.port();
    }

    boolean fitsSocketPath(Path dir) {
        return SocketFolder.fits(dir, socketName());
    }

    private String socketName() {
        return ".s.PGSQL." + port();
    }
}
