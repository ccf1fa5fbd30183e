package dev.stackyard.core.service;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where a database kind's unix socket goes: its run folder when the socket's full path fits in
 * {@value #MAX_PATH} bytes, else {@code /tmp/stackyard-UID-HASH} (UID of this JVM, HASH of the
 * service's data folder, so two services never share). Written once for postgres and mariadb; each
 * kind names its socket file. Stateless.
 */
public final class SocketFolder {
    /** sizeof(sockaddr_un.sun_path) is 108 on Linux, one byte of it for the terminating NUL. */
    public static final int MAX_PATH = 107;

    private SocketFolder() {
    }

    /** Whether {@code dir/socketName} fits in {@value #MAX_PATH} bytes. */
    public static boolean fits(Path dir, String socketName) {
        return (dir + "/" + socketName).getBytes(StandardCharsets.UTF_8).length <= MAX_PATH;
    }

    /** {@code runDir} when {@code socketName} fits in it, else the short folder in /tmp for {@code dataDir}. */
    public static Path choose(Path runDir, String socketName, Path dataDir) {
        return fits(runDir, socketName) ? runDir : Path.of("/tmp", "stackyard-" + ServiceEnvironment.effectiveUid() + "-"
                + RootBase.shortHash(dataDir.toString()));
    }
}
