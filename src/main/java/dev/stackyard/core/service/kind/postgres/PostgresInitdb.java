package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.process.OneShot;
import dev.stackyard.core.service.ServiceAccount;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.Templates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A cluster's first-time setup: deciding whether the data folder needs {@code initdb} (and refusing
 * anything that is neither empty nor a finished cluster of this version), running initdb through
 * {@link OneShot} (its output goes to the service's log), and writing Stackyard's {@code
 * pg_hba.conf}. Never deletes anything the user might want.
 */
final class PostgresInitdb {
    private static final Logger log = LoggerFactory.getLogger(PostgresInitdb.class);
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final int LOG_TAIL = 20;

    private final PostgresLayout layout;
    private final PostgresPasswords passwords;
    private final Path logFile;

    PostgresInitdb(PostgresLayout layout, PostgresPasswords passwords, Path logFile) {
        this.layout = layout;
        this.passwords = passwords;
        this.logFile = logFile;
    }

    private String id() {
        return layout.id();
    }

    /**
     * True when the data folder is missing or empty; false for a finished cluster of this major
     * version; a ServiceException for everything else. Never deletes anything.
     */
    boolean needed(Path data, Installation installation, ServiceAccount account) {
        Path marker = layout.initdbMarker();
        try {
            if (!Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(marker);
                return true;
            }
            if (!Files.isDirectory(data)) {
                throw new ServiceException(id(), id() + " cannot start: its data dir " + data + " is not a folder;"
                        + " choose another dataDir");
            }
            if (PostgresFolders.isEmptyOrMissing(data)) {
                Files.deleteIfExists(marker);
                return true;
            }
            boolean finished = Files.isRegularFile(data.resolve("PG_VERSION"))
                    && Files.isRegularFile(data.resolve("global").resolve("pg_control"));
            if (Files.exists(marker) || !finished) {
                if (looksLikePostgres(data)) {
                    throw new ServiceException(id(), id() + " cannot start: " + data + " is a half-made cluster left"
                            + " by an initdb that was interrupted (Stackyard killed) or failed; Stackyard leaves it as it"
                            + " is: move it away, or remove it with `stackyard remove " + id() + " --delete-data`,"
                            + " or choose another dataDir");
                }
                throw new ServiceException(id(), id() + " cannot start: its data dir " + data + " is not empty and is"
                        + " not a PostgreSQL cluster; choose an empty or new folder as dataDir");
            }
            String version = Files.readString(data.resolve("PG_VERSION"), StandardCharsets.UTF_8).strip();
            if (!sameMajor(version, installation.version())) {
                throw new ServiceException(id(), id() + " cannot start: " + data + " was made by PostgreSQL " + version
                        + " but this is PostgreSQL " + installation.version() + "; set version: " + version
                        + " for this service, or upgrade the cluster with pg_upgrade");
            }
            if (account != null && !account.owns(data)) {
                throw new ServiceException(id(), id() + " cannot start: " + data + " belongs to another user, but"
                        + " postgres runs as " + account.name() + " when Stackyard runs as root; give it that account"
                        + " (chown -R " + account.name() + ": " + data + ") or run Stackyard as the folder's owner");
            }
            return false;
        } catch (AccessDeniedException e) {
            throw new ServiceException(id(), id() + " cannot start: permission denied reading " + e.getFile()
                    + "; the data dir must belong to the user running Stackyard", List.of(), e);
        } catch (IOException e) {
            throw new ServiceException(id(), id() + " cannot start: cannot read its data dir " + data + ": " + e.getMessage(),
                    List.of(), e);
        }
    }

    /** Something initdb writes early is there (or initdb started and never finished). */
    boolean looksLikePostgres(Path data) {
        return Files.exists(layout.initdbMarker())
                || Stream.of("PG_VERSION", "postgresql.conf", "global", "base", "pg_wal").anyMatch(n -> Files.exists(data.resolve(n)));
    }

    /** PG_VERSION says "15" (or "9.6"); an installation's version is "15" or "15.4". */
    static boolean sameMajor(String clusterVersion, String installed) {
        return clusterVersion.equals(installed) || installed.startsWith(clusterVersion + ".")
                || clusterVersion.startsWith(installed + ".");
    }

    /**
     * Runs initdb on the empty {@code data} (superuser postgres, UTF8, C.UTF-8, socket trusted, TCP
     * by the stored password), as {@code account} through {@code setpriv} when given, then writes
     * pg_hba.conf. A marker file beside the cluster exists while it runs.
     */
    void run(Installation installation, Path data, Path socketDir, ServiceAccount account, String setpriv,
             Consumer<String> progress) {
        progress.accept("initialising database cluster in " + data);
        Path marker = layout.initdbMarker();
        Path pwfile = passwords.file();
        Path copy = null;
        try {
            String password = passwords.readOrCreate();
            PostgresFolders.writePrivate(marker, "initdb started " + Instant.now() + "\n");
            if (account != null) {
                // The password file stays root's; the account gets a copy for as long as initdb runs.
                copy = socketDir.resolve("initdb.pwfile");
                PostgresFolders.writePrivate(copy, password + "\n");
                account.chown(copy);
                pwfile = copy;
            }
            List<String> argv = List.of(installation.sibling("initdb").toString(),
                    "-D", data.toString(), "-U", PostgresManager.USER, "-E", "UTF8", "--locale=C.UTF-8",
                    "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile);
            if (account != null) {
                argv = account.wrap(setpriv, argv);
            }
            OneShot.Result result = OneShot.of(argv).workDir(data).timeout(TIMEOUT).appendOutputTo(logFile, "initdb").run();
            if (!result.succeeded()) {
                if (PostgresFolders.isEmptyOrMissing(data)) {
                    Files.deleteIfExists(marker); // initdb cleaned up after itself: a retry can start afresh
                }
                throw new ServiceException(id(), id() + ": initdb failed (exit " + result.exitCode() + ") for " + data
                        + "; see the log", result.tail(LOG_TAIL), null);
            }
            if (!Files.isRegularFile(data.resolve("PG_VERSION")) || !Files.isRegularFile(data.resolve("global/pg_control"))) {
                throw new ServiceException(id(), id() + ": initdb reported success but " + data + " has no cluster;"
                        + " see the log", result.tail(LOG_TAIL), null);
            }
            writePgHba(data, account);
            Files.delete(marker);
            progress.accept("done");
        } catch (OneShot.Failed e) {
            String what = switch (e.reason()) {
                case TIMED_OUT -> "initdb did not finish within " + TIMEOUT.toMinutes() + " minutes and was stopped; "
                        + data + " looks like a half-made cluster from a failed initdb; delete it or choose another dataDir";
                case INTERRUPTED -> "interrupted while initdb ran; " + data
                        + " may be a half-made cluster; delete it before the next start";
                case NOT_RUN, EXITED -> e.getMessage();
            };
            throw new ServiceException(id(), id() + ": " + what, e.outputTail(), e);
        } catch (IOException e) {
            throw new ServiceException(id(), id() + ": cannot initialise " + data + ": " + e.getMessage(), List.of(), e);
        } finally {
            if (copy != null) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException e) {
                    log.warn("{}: cannot remove the temporary password copy {}: {}", id(), copy, e.getMessage());
                }
            }
        }
    }

    /**
     * Replaces initdb's pg_hba.conf: the cluster is the account's, so never through a link it may
     * have planted there (see {@link PostgresFolders#replaceInAccountsFolder}); 0600, the account's.
     */
    private void writePgHba(Path data, ServiceAccount account) throws IOException {
        PostgresFolders.replaceInAccountsFolder(data.resolve("pg_hba.conf"),
                Templates.render("postgres/pg_hba.conf", Map.of("id", id())), account);
    }
}
