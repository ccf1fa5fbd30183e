package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.service.AbstractServiceManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceFolders;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.service.probe.PortHolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A MariaDB server of its own per service: {@code mariadbd --no-defaults} in the foreground (no
 * {@code ~/.my.cnf}, no {@code /etc/mysql}) on 127.0.0.1 and a private unix socket, logging to
 * stderr (the service's log). Binaries from Debian's mariadb-server-core or a Stackyard bundle.
 * Each job lives in its own class: where files are ({@link MariaDbLayout}), folders and modes
 * ({@link MariaDbFolders}), the account as root ({@link MariaDbAccount}), first-time setup and the
 * password ({@link MariaDbSetup}), versions ({@link MariaDbVersions}), readiness
 * ({@link MariaDbHandshake}) and failure sentences ({@link MariaDbFailures}).
 *
 * <p>Ready when the server sends its handshake packet over TCP. Stop: TERM (InnoDB's clean
 * shutdown), then the process core's group KILL.
 *
 * <p>Immutable apart from files on disk; safe to call from any thread.
 */
public final class MariaDbManager extends AbstractServiceManager {
    public static final int DEFAULT_PORT = 3306;
    static final String USER = "root";

    private final MariaDbLayout layout;
    private final MariaDbFolders folders;
    private final MariaDbSetup setup;

    public MariaDbManager(ServiceDefinition definition, ServiceEnvironment env) {
        this(definition, env, ServiceEnvironment.runningAsRoot(), MariaDbLayout.DEFAULT_ROOT_BASE);
    }

    /** For tests: whether to act as root, and where data goes as root when Stackyard's folders are unreachable. */
    MariaDbManager(ServiceDefinition definition, ServiceEnvironment env, boolean asRoot, Path rootBase) {
        super(definition, env);
        this.layout = new MariaDbLayout(definition, env, asRoot, rootBase);
        this.folders = new MariaDbFolders(layout);
        this.setup = new MariaDbSetup(layout, logFile());
    }

    public Path dataDir() {
        return layout.dataDir();
    }

    public Path socket() {
        return layout.socket();
    }

    /** root's password; empty when Stackyard did not make this data folder. */
    public Optional<String> password() {
        return setup.password();
    }

    Path passwordFile() {
        return layout.passwordFile();
    }

    /**
     * Without a {@code version}: the newest installed build of the series the data folder was made
     * by, whatever newer series is installed too (installing 11.4 never breaks a 10.11 folder);
     * the newest of all for a new folder. With one: that version, checked against the folder at start.
     */
    @Override
    public Optional<Installation> installation() {
        if (definition.version() != null) {
            return super.installation();
        }
        Optional<String> made = MariaDbVersions.ofDataDir(dataDir());
        if (made.isEmpty()) {
            return super.installation();
        }
        return env.installations().resolve(definition.kind(), MariaDbVersions.series(made.get()));
    }

    @Override
    public String notInstalledHint() {
        if (definition.version() == null) {
            Optional<String> made = MariaDbVersions.ofDataDir(dataDir());
            if (made.isPresent()) {
                String series = MariaDbVersions.series(made.get());
                return "mariadb " + series + " is not installed, and " + dataDir() + " was made by MariaDB " + made.get()
                        + "; install it with: stackyard install mariadb " + series;
            }
        }
        return super.notInstalledHint();
    }

    @Override
    public Path pidFile() {
        return layout.pidFile();
    }

    @Override
    public Launch prepare(Installation installation, Consumer<String> progress) {
        try {
            return prepareOrThrow(installation, progress);
        } catch (UncheckedIOException e) {
            throw new ServiceException(id(), id() + " cannot start: " + e.getMessage() + ": " + e.getCause().getMessage(),
                    List.of(), e);
        }
    }

    private Launch prepareOrThrow(Installation installation, Consumer<String> progress) {
        int port = layout.port();
        MariaDbAccount account = layout.asRoot() ? MariaDbAccount.forRoot(id()) : null;
        Path data = dataDir();
        MariaDbFolders.createPrivate(layout.folder());

        OptionalLong holder = MariaDbProcesses.serverOn(data);
        if (holder.isPresent()) {
            throw new ServiceException(id(), id() + " cannot start: another MariaDB server (PID " + holder.getAsLong()
                    + ") runs on its data dir " + data + "; stop it first");
        }
        boolean fresh = setup.needed(data, installation, account);
        if (account != null) {
            folders.requireReachable(data, account);
            folders.requireReachable(installation.binDir(), account);
        }
        if (fresh) {
            ServiceFolders.createDataDir(data, account != null ? account.serviceAccount() : null);
        }
        folders.prepareRunDir(account);
        if (account != null) {
            // The pid and init files stay in the run folder even when the socket moves to /tmp, and
            // Stackyard's run folder is 0700 from creation: open it for passing through (0711).
            folders.requireReachable(layout.runDir(), account);
            folders.requireReachable(layout.socketDir(), account);
        }
        if (fresh) {
            setup.run(installation, data, account, progress);
        }
        try {
            Files.deleteIfExists(layout.pidFile()); // a stale one from a killed server would be a wrong hint
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the old " + layout.pidFile(), e);
        }
        Optional<Path> initFile = setup.initFile(account);

        List<String> argv = new ArrayList<>(List.of(installation.binary().toString(), "--no-defaults"));
        MariaDbSetup.baseDir(installation).ifPresent(b -> argv.add("--basedir=" + b));
        argv.addAll(List.of(
                "--datadir=" + data,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + layout.socket(),
                "--pid-file=" + layout.pidFile(),
                "--skip-name-resolve",
                "--skip-log-bin"));
        initFile.ifPresent(f -> argv.add("--init-file=" + f));
        List<String> command = account != null ? account.wrap(argv) : argv;
        ProcessSpec spec = new ProcessSpec(id(), command, data, Map.of(), logFile(), layout.pidFile(), stopPolicy());
        return new Launch(spec, readiness(port, initFile.isPresent()), readyTimeout());
    }

    /** The handshake; after a first start's, the SQL holding the password is removed. */
    private ReadinessCheck readiness(int port, boolean settingPassword) {
        ReadinessCheck handshake = readiness(MariaDbHandshake.probe(port, setup::password));
        if (!settingPassword) {
            return handshake;
        }
        return (pid, timeout) -> {
            boolean ready = handshake.isReady(pid, timeout);
            if (ready) {
                setup.passwordSet();
            }
            return ready;
        };
    }

    /** {@code mysql://root:PASSWORD@127.0.0.1:PORT/}; without the password when Stackyard has none. */
    @Override
    public Optional<String> url() {
        if (definition.port() == null) {
            return Optional.empty();
        }
        return Optional.of("mysql://" + USER + password().map(p -> ":" + p).orElse("") + "@127.0.0.1:"
                + definition.port() + "/");
    }

    @Override
    public String explain(StartFailedException failure) {
        List<String> tail = failure.logTail();
        Optional<String> holder = MariaDbFailures.isPortConflict(tail)
                ? PortCheck.holder(layout.port()).map(PortHolder::message) : Optional.empty();
        String account = layout.asRoot() ? MariaDbAccount.nameForRoot() : System.getProperty("user.name");
        return MariaDbFailures.explain(failure.status(), tail,
                new MariaDbFailures.Context(id(), layout.port(), dataDir(), account, holder), failure.getMessage());
    }

    @Override
    public void afterStop() {
        setup.removeInitFile();
    }

    /**
     * Deletes the data folder, the password file and the markers beside it (and the short socket
     * folder in /tmp, if one was needed), and returns what it deleted. Refuses while a server runs on the folder, and refuses a folder outside Stackyard's
     * that does not look like MariaDB's (a mistyped dataDir must never cost someone their files).
     */
    @Override
    public List<Path> deleteData() {
        Path data = dataDir();
        OptionalLong live = MariaDbProcesses.serverOn(data);
        if (live.isPresent()) {
            throw new ServiceException(id(), "cannot delete " + data + " while a MariaDB server (PID " + live.getAsLong()
                    + ") runs on it; stop " + id() + " first");
        }
        List<Path> deleted = new ArrayList<>();
        try {
            if (Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
                boolean ours = data.startsWith(layout.folder());
                if (!ours && !MariaDbFolders.isEmptyOrMissing(data) && !setup.looksLikeMariaDb(data)) {
                    throw new ServiceException(id(), "not deleting " + data + ": it does not look like a MariaDB data folder");
                }
                ServiceFolders.deleteTree(data);
                deleted.add(data);
            }
            for (Path file : List.of(layout.passwordFile(), layout.installMarker(), layout.passwordPending(), layout.initFile())) {
                if (Files.deleteIfExists(file)) {
                    deleted.add(file);
                }
            }
            Path socketDir = layout.socketDir();
            if (!layout.socketInRunDir() && Files.isDirectory(socketDir, LinkOption.NOFOLLOW_LINKS)) {
                ServiceFolders.deleteTree(socketDir); // the short folder in /tmp a long run folder needed
                deleted.add(socketDir);
            }
            return deleted;
        } catch (IOException e) {
            throw new ServiceException(id(), "cannot delete the data of " + id() + ": " + e.getMessage(), List.of(), e);
        }
    }
}
