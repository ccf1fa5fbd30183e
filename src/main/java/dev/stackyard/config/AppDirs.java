package dev.stackyard.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where Stackyard keeps its files.
 *
 * <p>With {@code STACKYARD_HOME} set, everything lives under it (handy for tests and portable
 * installs). Otherwise the XDG base directories apply, with their usual fallbacks under the home folder.
 *
 * @param configFile {@code stackyard.yaml}
 * @param dataDir    data that must survive: database clusters, the default document root
 * @param runDir     run state: PID and state files
 * @param logDir     service logs
 */
public record AppDirs(Path configFile, Path dataDir, Path runDir, Path logDir) {

    /** Set to move every Stackyard file under one folder. */
    public static final String HOME_VARIABLE = "STACKYARD_HOME";
    public static final String CONFIG_FILE_NAME = "stackyard.yaml";
    private static final String APP = "stackyard";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** What Stackyard itself opens its folders to as root, for a daemon's account to pass through. */
    private static final Set<PosixFilePermission> PASSABLE = PosixFilePermissions.fromString("rwx--x--x");

    public AppDirs {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(logDir, "logDir");
    }

    /** {@link #resolve} on this process's environment. */
    public static AppDirs fromEnvironment() {
        return resolve(System.getenv());
    }

    /**
     * The folders for an environment; reads {@code STACKYARD_HOME}, {@code XDG_CONFIG_HOME},
     * {@code XDG_DATA_HOME}, {@code XDG_STATE_HOME} and {@code HOME} from {@code env} only (the home
     * folder falls back to {@code user.home} when {@code HOME} is unset). Touches no files.
     *
     * <p>As the XDG spec says, an XDG variable that is blank or not an absolute path is ignored.
     * A relative {@code STACKYARD_HOME} is taken from the current folder.
     */
    public static AppDirs resolve(Map<String, String> env) {
        String stackyardHome = env.get(HOME_VARIABLE);
        if (stackyardHome != null && !stackyardHome.isBlank()) {
            Path base = Path.of(stackyardHome).toAbsolutePath().normalize();
            return new AppDirs(base.resolve(CONFIG_FILE_NAME), base.resolve("data"), base.resolve("run"), base.resolve("logs"));
        }
        Path home = absolute(env.get("HOME"));
        if (home == null) {
            home = Path.of(System.getProperty("user.home"));
        }
        Path config = configHome(env);
        Path data = xdg(env, "XDG_DATA_HOME", home.resolve(".local/share"));
        Path state = xdg(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve(APP);
        return new AppDirs(config.resolve(APP).resolve(CONFIG_FILE_NAME), data.resolve(APP),
                state.resolve("run"), state.resolve("logs"));
    }

    /** The folder holding {@link #configFile()}. */
    public Path configDir() {
        return configFile.toAbsolutePath().getParent();
    }

    /**
     * Creates the config folder, {@link #dataDir()}, {@link #runDir()} and {@link #logDir()} with
     * permissions {@code rwx------}, and sets those permissions on any of the four that already
     * existed (they hold database files and sockets meant for this user only), except one that is
     * exactly {@code rwx--x--x}: as root, Stackyard opens its folders that way for the account of a
     * daemon under them (postgres, mariadb) to pass through, and narrowing it again at the next
     * call would cut a running server off its own files. Parent folders that
     * are missing are created owner-only too, as the XDG spec asks; existing parents are left alone.
     * Permissions are skipped on file systems without POSIX permissions. Safe to call repeatedly.
     * As root, first checks that no other account can change any of them or the folders above
     * ({@link RootTrust}).
     *
     * @throws RootTrust.UntrustedException as root, when another account could change one of them
     * @throws IOException when a folder cannot be created or its permissions set
     */
    public void ensureCreated() throws IOException {
        RootTrust.check(this, dev.stackyard.core.service.ServiceEnvironment.effectiveUid());
        boolean posix = configFile.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        for (Path dir : List.of(configDir(), dataDir, runDir, logDir)) {
            Files.createDirectories(dir, attributes);
            if (posix) {
                // The umask may have narrowed what createDirectories asked for, and an existing
                // folder may have been created wider by an older version or by hand.
                // As root, RootTrust made sure no link on the way belongs to another account.
                if (!Files.getPosixFilePermissions(dir).equals(PASSABLE)) {
                    Files.setPosixFilePermissions(dir, OWNER_ONLY);
                }
            }
        }
    }

    /**
     * The user's config folder, whatever {@code STACKYARD_HOME} says: {@code XDG_CONFIG_HOME}, else
     * {@code HOME/.config} (where the desktop looks for autostart entries). Touches no files.
     */
    public static Path configHome(Map<String, String> env) {
        Path home = absolute(env.get("HOME"));
        if (home == null) {
            home = Path.of(System.getProperty("user.home"));
        }
        return xdg(env, "XDG_CONFIG_HOME", home.resolve(".config"));
    }

    private static Path xdg(Map<String, String> env, String variable, Path fallback) {
        Path value = absolute(env.get(variable));
        return value != null ? value : fallback;
    }

    private static Path absolute(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? path.normalize() : null;
    }
}
