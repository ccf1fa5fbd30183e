package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Where one cluster's files are: data folder, password file, initdb marker, socket folder. Only
 * names paths; creating them is {@link PostgresFolders}' job.
 *
 * <p>As root, postgres runs as another account, which must be able to pass through every folder
 * above its data and socket. When Stackyard's own folders sit below a folder that account cannot
 * enter (the default {@code /root/.local/share/stackyard}: /root is 0700) and no {@code dataDir} is
 * configured, the cluster goes to {@code ROOT_BASE/HASH/postgres/ID} and the socket to {@code
 * ROOT_BASE/HASH/run/ID} instead (HASH: of the data folder, so two STACKYARD_HOMEs never share);
 * {@code /root} is never loosened. A cluster already at the usual place stays there. Immutable.
 */
final class PostgresLayout {
    /** sizeof(sockaddr_un.sun_path) is 108 on Linux, one byte of it for the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;
    static final Path DEFAULT_ROOT_BASE = Path.of("/var/lib/stackyard");

    private final ServiceDefinition definition;
    private final ServiceEnvironment env;
    private final boolean asRoot;
    private final Path rootBase;

    PostgresLayout(ServiceDefinition definition, ServiceEnvironment env, boolean asRoot, Path rootBase) {
        this.definition = definition;
        this.env = env;
        this.asRoot = asRoot;
        this.rootBase = rootBase.toAbsolutePath().normalize();
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
     * {@code DATA/postgres}, or the root base (see the class comment).
     */
    Path clusterFolder() {
        Path own = env.dataDir().resolve(PostgresKind.INSTANCES.dataFolder()).toAbsolutePath().normalize();
        if (!asRoot || Files.exists(own.resolve(id()), LinkOption.NOFOLLOW_LINKS) || othersCanReach(env.dataDir())) {
            return own;
        }
        return homeUnderRootBase().resolve("postgres");
    }

    /** The service's run folder: the usual one, or under the root base when others cannot reach it. */
    Path runDir() {
        Path own = env.serviceRunDir(id()).toAbsolutePath().normalize();
        if (!asRoot || othersCanReach(env.runDir())) {
            return own;
        }
        return homeUnderRootBase().resolve("run").resolve(id());
    }

    /** This Stackyard home's folder under the root base; part of Stackyard's own folders. */
    Path homeUnderRootBase() {
        return rootBase.resolve(shortHash(env.dataDir().toAbsolutePath().normalize().toString()));
    }

    /** Folders Stackyard made and may open for passing through (0711) as root. */
    List<Path> ownFolders() {
        return List.of(env.dataDir(), env.runDir(), rootBase);
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
        Path run = runDir();
        return fitsSocketPath(run) ? run : fallbackSocketDir();
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
        return (dir + "/.s.PGSQL." + port()).getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH;
    }

    private Path fallbackSocketDir() {
        return Path.of("/tmp", "stackyard-" + ServiceEnvironment.effectiveUid() + "-" + shortHash(dataDir().toString()));
    }

    /**
     * Whether any account may pass through every existing folder above {@code folder} that is not
     * Stackyard's own (Stackyard's are opened to 0711 as needed). Decided on modes alone.
     */
    private boolean othersCanReach(Path folder) {
        Optional<Path> home = stackyardHome();
        for (Path p = existing(folder.toAbsolutePath().normalize()); p != null; p = p.getParent()) {
            Path at = p;
            boolean own = ownFolders().stream().anyMatch(o -> at.startsWith(o.toAbsolutePath().normalize()))
                    || home.map(at::equals).orElse(false);
            if (!own && !othersMayEnter(at)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The STACKYARD_HOME: the folder holding both the data and run folders, when they share one
     * (never / or the user's home, which are not Stackyard's to change).
     */
    Optional<Path> stackyardHome() {
        Path data = env.dataDir().toAbsolutePath().normalize().getParent();
        Path run = env.runDir().toAbsolutePath().normalize().getParent();
        Path userHome = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
        if (data == null || !data.equals(run) || data.getParent() == null || data.equals(userHome)) {
            return Optional.empty();
        }
        return Optional.of(data);
    }

    private static Path existing(Path p) {
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p;
    }

    private static boolean othersMayEnter(Path dir) {
        try {
            int mode = (Integer) Files.getAttribute(dir, "unix:mode");
            return (mode & 0001) != 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
