package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.process.OneShot;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A data folder's first-time setup: deciding whether it needs mariadb-install-db (and refusing
 * anything that is neither empty nor a finished MariaDB folder of the server's series), running
 * it, the root password (generated once, 0600 beside the folder) and the SQL the first start runs
 * to set it. Never deletes anything the user might want.
 */
final class MariaDbSetup {
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int LOG_TAIL = 20;

    private final MariaDbLayout layout;
    private final Path logFile;

    MariaDbSetup(MariaDbLayout layout, Path logFile) {
        this.layout = layout;
        this.logFile = logFile;
    }

    private String id() {
        return layout.id();
    }

    /**
     * True when the data folder is missing or empty; false for a finished folder of the server's
     * series; a ServiceException for everything else (half-made, not MariaDB's, another series).
     */
    boolean needed(Path data, Installation installation, MariaDbAccount account) {
        try {
            if (!Files.exists(data, LinkOption.NOFOLLOW_LINKS) || MariaDbFolders.isEmptyOrMissing(data)) {
                Files.deleteIfExists(layout.installMarker());
                return true;
            }
            if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
                throw new ServiceException(id(), id() + " cannot start: its data dir " + data + " is not a folder;"
                        + " choose another dataDir");
            }
            Optional<String> made = MariaDbVersions.ofDataDir(data);
            boolean finished = made.isPresent() && Files.isDirectory(data.resolve("mysql"));
            if (Files.exists(layout.installMarker()) || !finished) {
                if (looksLikeMariaDb(data)) {
                    throw new ServiceException(id(), id() + " cannot start: " + data + " is a half-made MariaDB"
                            + " data folder left by a mariadb-install-db that was interrupted (Stackyard killed) or"
                            + " failed; Stackyard leaves it as it is: move it away, or remove it with `stackyard remove "
                            + id() + " --delete-data`, or choose another dataDir");
                }
                throw new ServiceException(id(), id() + " cannot start: its data dir " + data + " is not empty and is"
                        + " not a MariaDB data folder; choose an empty or new folder as dataDir");
            }
            Optional<String> mismatch = MariaDbFailures.versionMismatch(id(), data, made.get(), installation.exactVersion());
            if (mismatch.isPresent()) {
                throw new ServiceException(id(), mismatch.get());
            }
            if (account != null && !account.owns(data)) {
                throw new ServiceException(id(), id() + " cannot start: " + data + " belongs to another user, but"
                        + " mariadb runs as " + account.name() + " when Stackyard runs as root; give it that account"
                        + " (chown -R " + account.name() + ": " + data + ") or run Stackyard as the folder's owner");
            }
            return false;
        } catch (AccessDeniedException e) {
            throw new ServiceException(id(), id() + " cannot start: permission denied reading " + e.getFile(), List.of(), e);
        } catch (IOException e) {
            throw new ServiceException(id(), id() + " cannot start: cannot read its data dir " + data + ": "
                    + e.getMessage(), List.of(), e);
        }
    }

    /** Something mariadb-install-db writes early is there (or it started and never finished). */
    boolean looksLikeMariaDb(Path data) {
        return Files.exists(layout.installMarker()) || Stream.concat(MariaDbVersions.MARKERS.stream(),
                Stream.of("aria_log_control", "ibdata1", "mysql")).anyMatch(n -> Files.exists(data.resolve(n)));
    }

    /**
     * The install-db script of {@code installation}: a bundle's {@code scripts/} beside {@code bin/},
     * else beside the server, else Debian's {@code /usr/bin}.
     */
    static Path installDb(Installation installation) {
        Path bundled = installation.binDir().resolveSibling("scripts").resolve("mariadb-install-db");
        if (Files.isExecutable(bundled)) {
            return bundled;
        }
        Path beside = installation.sibling("mariadb-install-db");
        return Files.isExecutable(beside) ? beside : Path.of("/usr/bin/mariadb-install-db");
    }

    /** {@code --basedir} for a bundle (its share/ and bin/ are relative to it); empty for the system's. */
    static Optional<Path> baseDir(Installation installation) {
        Path base = installation.binDir().getParent();
        return Files.isDirectory(base.resolve("scripts")) && Files.isDirectory(base.resolve("share"))
                ? Optional.of(base) : Optional.empty();
    }

    /**
     * Runs mariadb-install-db on the empty {@code data} (root by password, no test database), as
     * {@code account} when given, and stores a new root password for the first start to set. A
     * marker beside the folder exists while it runs.
     */
    void run(Installation installation, Path data, MariaDbAccount account, Consumer<String> progress) {
        progress.accept("initialising MariaDB data folder in " + data);
        Path marker = layout.installMarker();
        try {
            MariaDbFolders.writePrivate(marker, "mariadb-install-db started " + Instant.now() + "\n");
            List<String> argv = new ArrayList<>(List.of(installDb(installation).toString(), "--no-defaults"));
            baseDir(installation).ifPresent(b -> argv.add("--basedir=" + b));
            argv.addAll(List.of("--datadir=" + data, "--auth-root-authentication-method=normal", "--skip-test-db",
                    "--skip-name-resolve"));
            List<String> command = account != null ? account.wrap(argv) : argv;
            OneShot.Result result = OneShot.of(command).workDir(data).timeout(TIMEOUT)
                    .appendOutputTo(logFile, "mariadb-install-db").run();
            if (!result.succeeded()) {
                if (MariaDbFolders.isEmptyOrMissing(data)) {
                    Files.deleteIfExists(marker);
                }
                throw new ServiceException(id(), id() + ": mariadb-install-db failed (exit " + result.exitCode() + ") for "
                        + data + "; see the log", result.tail(LOG_TAIL), null);
            }
            if (MariaDbVersions.ofDataDir(data).isEmpty()) {
                throw new ServiceException(id(), id() + ": mariadb-install-db reported success but " + data
                        + " names no MariaDB version; see the log", result.tail(LOG_TAIL), null);
            }
            newPassword();
            MariaDbFolders.writePrivate(layout.passwordPending(), "set at the first start\n");
            Files.delete(marker);
            progress.accept("done");
        } catch (OneShot.Failed e) {
            String what = switch (e.reason()) {
                case TIMED_OUT -> "mariadb-install-db did not finish within " + TIMEOUT.toMinutes() + " minutes and was"
                        + " stopped; " + data + " is a half-made data folder: delete it or choose another dataDir";
                case INTERRUPTED -> "interrupted while mariadb-install-db ran; " + data
                        + " may be half-made: delete it before the next start";
                case NOT_RUN, EXITED -> e.getMessage();
            };
            throw new ServiceException(id(), id() + ": " + what, e.outputTail(), e);
        } catch (IOException e) {
            throw new ServiceException(id(), id() + ": cannot initialise " + data + ": " + e.getMessage(), List.of(), e);
        }
    }

    /** The stored root password; empty when Stackyard did not make this data folder. */
    Optional<String> password() {
        try {
            String text = Files.readString(layout.passwordFile(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** 18 random bytes, URL-safe base64: nothing to escape in a URL or an SQL string. */
    private void newPassword() throws IOException {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        MariaDbFolders.writePrivate(layout.passwordFile(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n");
    }

    /**
     * While the password is pending: writes the SQL that sets it (0600, for the server's account
     * only) and returns its path for {@code --init-file}; the server reads it before it opens its
     * port, and {@link #passwordSet()} removes it once the server is ready. Empty when nothing is pending.
     */
    Optional<Path> initFile(MariaDbAccount account) {
        if (!Files.exists(layout.passwordPending())) {
            return Optional.empty();
        }
        String password = password().orElseThrow(() -> new ServiceException(id(), id() + " cannot start: its root"
                + " password file " + layout.passwordFile() + " is missing; delete " + layout.passwordPending()
                + " to start without setting a password"));
        Path file = layout.initFile();
        try {
            MariaDbFolders.writePrivate(file, initSql(password));
            if (account != null) {
                account.chown(file);
            }
            return Optional.of(file);
        } catch (IOException e) {
            throw new ServiceException(id(), id() + " cannot start: cannot write " + file + ": " + e.getMessage(), List.of(), e);
        }
    }

    /**
     * root with {@code password} from localhost, 127.0.0.1 and ::1 only (install-db also made one
     * for the machine's host name, and anonymous users on some versions): one statement a line.
     */
    static String initSql(String password) {
        StringBuilder sql = new StringBuilder();
        sql.append("DELETE FROM mysql.global_priv WHERE User='' OR (User='root' AND Host NOT IN ('localhost','127.0.0.1','::1'));\n");
        sql.append("FLUSH PRIVILEGES;\n");
        for (String host : List.of("127.0.0.1", "::1")) {
            sql.append("CREATE OR REPLACE USER 'root'@'").append(host).append("' IDENTIFIED BY '").append(password).append("';\n");
            sql.append("GRANT ALL PRIVILEGES ON *.* TO 'root'@'").append(host).append("' WITH GRANT OPTION;\n");
        }
        sql.append("ALTER USER 'root'@'localhost' IDENTIFIED BY '").append(password).append("';\n");
        return sql.toString();
    }

    /** After a ready first start: the password is set; the SQL holding it goes. */
    void passwordSet() {
        try {
            Files.deleteIfExists(layout.initFile());
            Files.deleteIfExists(layout.passwordPending());
        } catch (IOException e) {
            throw new ServiceException(id(), id() + ": cannot remove " + layout.initFile() + ": " + e.getMessage(), List.of(), e);
        }
    }

    /** Removes the SQL holding the password (after any stop or crash); the pending marker stays. */
    void removeInitFile() {
        try {
            Files.deleteIfExists(layout.initFile());
        } catch (IOException e) {
            // Removed at the next start, which rewrites it.
        }
    }
}
