package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.service.InstanceLayout;
import dev.stackyard.core.service.RootBase;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.SocketFolder;

import java.nio.file.Path;

/**
 * Where one MariaDB service's files are. Only names paths; {@link MariaDbFolders} makes them.
 *
 * <ul>
 *   <li>data folder: {@code dataDir}, else {@code DATA/mariadb/ID};</li>
 *   <li>beside it in {@code DATA/mariadb}: {@code ID.password} (0600), {@code ID.install-incomplete}
 *       (exists while mariadb-install-db runs) and {@code ID.password-pending} (until the first
 *       start has set the password);</li>
 *   <li>{@code RUN/ID/}: {@code mariadb.sock}, {@code mariadbd.pid} and, during a first start only,
 *       {@code init.sql}; the socket goes to {@code /tmp/stackyard-UID-HASH/} when its path would
 *       not fit in {@value #MAX_SOCKET_PATH} bytes.</li>
 * </ul>
 *
 * <p>As root the server runs as another account, which must pass through every folder above its
 * files; when Stackyard's folders sit below one it cannot enter (the default
 * {@code /root/.local/share/stackyard}) and no {@code dataDir} is set, they go to
 * {@code /var/lib/stackyard/HASH/mariadb} and {@code .../run/ID} instead, as postgres's do
 * ({@link RootBase}); {@code /root} is never loosened. Immutable.
 */
final class MariaDbLayout extends InstanceLayout {
    static final int MAX_SOCKET_PATH = SocketFolder.MAX_PATH;
    static final Path DEFAULT_ROOT_BASE = RootBase.DEFAULT;
    static final String SOCKET = "mariadb.sock";

    MariaDbLayout(ServiceDefinition definition, ServiceEnvironment env, boolean asRoot, Path rootBase) {
        super(definition, env, asRoot, rootBase, "mariadb", "mariadb");
    }

    Path passwordFile() {
        return folder().resolve(id() + ".password");
    }

    Path installMarker() {
        return folder().resolve(id() + ".install-incomplete");
    }

    Path passwordPending() {
        return folder().resolve(id() + ".password-pending");
    }

    Path initFile() {
        return runDir().resolve("init.sql");
    }

    Path pidFile() {
        return runDir().resolve("mariadbd.pid");
    }

    Path socketDir() {
        return SocketFolder.choose(runDir(), SOCKET, dataDir());
    }

    Path socket() {
        return socketDir().resolve(SOCKET);
    }

    boolean socketInRunDir() {
        return socketDir().equals(runDir());
    }

    static boolean fits(Path dir) {
        return SocketFolder.fits(dir, SOCKET);
    }
}
