package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.ServiceAccount;
import dev.stackyard.core.service.AbstractServiceManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceFolders;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.service.probe.PortHolder;
import dev.stackyard.core.service.probe.PostmasterPid;
import dev.stackyard.core.service.probe.Probes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * A PostgreSQL cluster of its own per service: {@code postgres} in the foreground on 127.0.0.1 and a
 * private unix socket, logging to stderr (which the process core appends to the service's log).
 * This class wires the jobs together; each lives in its own class: where files are
 * ({@link PostgresLayout}), folders and permissions ({@link PostgresFolders}), the root account
 * ({@link ServiceAccount}), first-time setup ({@link PostgresInitdb}), the password
 * ({@link PostgresPasswords}), failure sentences ({@link PostgresFailures}) and what a killed server
 * leaves behind ({@link PostgresLeftovers}).
 *
 * <p>Ready when {@code postmaster.pid} says {@code ready} and the server answers a startup packet.
 * Stop: INT (fast shutdown: aborts open transactions, disconnects clients), then QUIT (immediate,
 * crash recovery next start), then the process core's group KILL; postgres backends are their own
 * group leaders, so {@link #afterStop()} reaches the ones left behind.
 *
 * <p>When Stackyard runs as root (postgres refuses root) the server and initdb run as the
 * {@code postgres} account ({@link ServiceAccount}; never a shared one such as nobody) through
 * {@code setpriv}, which execs in place so the PID is the server's own, with no capabilities, no new
 * privileges and a minimal environment. That account owns the data and socket folders.
 *
 * <p>Immutable apart from files on disk; safe to call from any thread (the registry never runs
 * {@link #prepare} twice at once for one service).
 */
public final class PostgresManager extends AbstractServiceManager {
    static final String USER = "postgres";
    /**
     * Who runs the server when Stackyard is root: Debian's dedicated account, never a shared one
     * such as nobody (whatever postgres can read, every daemon running as nobody could too).
     */
    static final List<String> ACCOUNTS = List.of("postgres");
    static final String DATABASE = "postgres";
    static final int MAX_SOCKET_PATH = PostgresLayout.MAX_SOCKET_PATH;

    private final PostgresLayout layout;
    private final PostgresFolders folders;
    private final PostgresPasswords passwords;
    private final PostgresInitdb initdb;
    private final PostgresLeftovers leftovers;

    public PostgresManager(ServiceDefinition definition, ServiceEnvironment env) {
        this(definition, env, ServiceEnvironment.runningAsRoot(), PostgresLayout.DEFAULT_ROOT_BASE);
    }

    /** For tests: whether to act as root, and where clusters go as root when Stackyard's folders are unreachable. */
    PostgresManager(ServiceDefinition definition, ServiceEnvironment env, boolean asRoot, Path rootBase) {
        super(definition, env);
        this.layout = new PostgresLayout(definition, env, asRoot, rootBase);
        this.folders = new PostgresFolders(layout);
        this.passwords = new PostgresPasswords(layout.passwordFile());
        this.initdb = new PostgresInitdb(layout, passwords, logFile());
        this.leftovers = new PostgresLeftovers(layout, initdb);
    }

    /**
     * Without a {@code version}: the newest installed build of the major the cluster was made by
     * ({@code PG_VERSION}), whatever newer major is installed too, so installing PostgreSQL 17 never
     * breaks a cluster made by 15; the newest of all for a new cluster. With one: that version,
     * checked against the cluster at start.
     */
    @Override
    public Optional<Installation> installation() {
        Optional<String> made = definition.version() == null ? clusterMajor() : Optional.empty();
        return made.isPresent() ? env.installations().resolve(definition.kind(), made.get()) : super.installation();
    }

    @Override
    public String notInstalledHint() {
        Optional<String> made = definition.version() == null ? clusterMajor() : Optional.empty();
        if (made.isPresent()) {
            return "postgres " + made.get() + " is not installed, and " + dataDir() + " was made by PostgreSQL " + made.get()
                    + "; install it with: stackyard install postgres " + made.get() + " (or set the version this service"
                    + " should run and upgrade the cluster with pg_upgrade)";
        }
        return super.notInstalledHint();
    }

    /** The major in the cluster's {@code PG_VERSION}, when the data folder holds a cluster. */
    private Optional<String> clusterMajor() {
        try {
            String text = Files.readString(dataDir().resolve("PG_VERSION")).strip();
            return text.matches("\\d+(\\.\\d+)?") ? Optional.of(text) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // no cluster (yet), or unreadable: the start explains it
        }
    }

    /** The cluster's data folder: {@code dataDir}, else {@code DATA/postgres/ID} (as root maybe elsewhere, see {@link PostgresLayout}). */
    public Path dataDir() {
        return layout.dataDir();
    }

    /** The folder of the unix socket {@code .s.PGSQL.PORT} (see {@link PostgresLayout#socketDir()}). */
    public Path socketDir() {
        return layout.socketDir();
    }

    /** The password of {@link #user()} for TCP connections; empty when Stackyard did not make this cluster. */
    public Optional<String> password() {
        return passwords.read();
    }

    /** The superuser initdb creates. */
    public String user() {
        return USER;
    }

    /** The database clients connect to by default. */
    public String database() {
        return DATABASE;
    }

    Path clusterFolder() {
        return layout.clusterFolder();
    }

    Path passwordFile() {
        return layout.passwordFile();
    }

    Path initdbMarker() {
        return layout.initdbMarker();
    }

    /**
     * The process manager's own PID file, not {@code postmaster.pid}: that file is postgres's lock,
     * and the process core removes a daemon PID file it judges stale, which must never happen to a
     * live server's lock (a second server could then start on the same data folder).
     */
    @Override
    public Path pidFile() {
        return env.processStateDir().toAbsolutePath().resolve(id() + ".pid");
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
        ServiceAccount account = layout.asRoot() ? ServiceAccount.forRoot(id(), ACCOUNTS, "PostgreSQL refuses to run as root") : null;
        String setpriv = account != null ? setpriv() : null;
        Path data = dataDir();
        PostgresFolders.createPrivate(clusterFolder());

        OptionalLong running = PostgresProcesses.livePostmaster(data);
        if (running.isPresent()) {
            throw new ServiceException(id(), id() + " cannot start: another postgres (PID " + running.getAsLong()
                    + ") is running on this data dir " + data + "; stop it first");
        }
        leftovers.killBeforeStart(data, progress);
        boolean fresh = initdb.needed(data, installation, account);
        if (account != null) {
            folders.requireReachable(data, account);
            folders.requireReachable(installation.binDir(), account); // a Stackyard bundle lives under DATA too
        }
        if (fresh) {
            ServiceFolders.createDataDir(data, account);
        }
        Path socketDir = folders.prepareSocketDir(account);
        if (account != null) {
            folders.requireReachable(socketDir, account);
        }
        if (fresh) {
            initdb.run(installation, data, socketDir, account, setpriv, progress);
        }

        List<String> argv = List.of(installation.binary().toString(),
                "-D", data.toString(),
                "-p", Integer.toString(port),
                "-k", socketDir.toString(),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_permissions=0700",
                // The log must reach stderr, which is the service's log file, whatever postgresql.conf says.
                "-c", "logging_collector=off",
                "-c", "log_destination=stderr");
        if (account != null) {
            argv = account.wrap(setpriv, argv);
        }
        ProcessSpec spec = new ProcessSpec(id(), argv, data, Map.of(), logFile(), null, stopPolicy());
        return new Launch(spec, readiness(data, port), readyTimeout());
    }

    /**
     * Ready when {@link Probes#postgres} is, and {@code postmaster.pid} names the process being
     * started: after a crash the old file still says "ready" for the same port.
     */
    private static ReadinessCheck readiness(Path data, int port) {
        ReadinessCheck probe = readiness(Probes.postgres(data, port, USER, DATABASE));
        Path pidFile = data.resolve("postmaster.pid");
        return (pid, timeout) -> {
            Optional<PostmasterPid> file = PostmasterPid.read(pidFile);
            if (file.isPresent() && Math.abs(file.get().pid()) != pid) {
                throw new ReadinessCheck.NotReady(pidFile + " names PID " + file.get().pid() + ", not the starting server " + pid);
            }
            return probe.isReady(pid, timeout);
        };
    }

    private String setpriv() {
        return ServiceAccount.setpriv().orElseThrow(() -> new ServiceException(id(), id() + " cannot start: PostgreSQL"
                + " refuses to run as root and setpriv, which Stackyard uses to run it as another account, is missing;"
                + " install util-linux"));
    }

    /**
     * {@code postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres}; without the password when
     * Stackyard has none for this cluster (one it did not initialise).
     */
    @Override
    public Optional<String> url() {
        if (definition.port() == null) {
            return Optional.empty();
        }
        String auth = USER + password().map(p -> ":" + PostgresPasswords.percentEncode(p)).orElse("");
        return Optional.of("postgresql://" + auth + "@127.0.0.1:" + definition.port() + "/" + DATABASE);
    }

    @Override
    public String explain(StartFailedException failure) {
        List<String> tail = failure.logTail();
        Optional<String> holder = PostgresFailures.isPortConflict(tail)
                ? PortCheck.holder(layout.port()).map(PortHolder::message) : Optional.empty();
        PostgresFailures.Context context = new PostgresFailures.Context(id(), layout.port(), dataDir(), socketDir(),
                serverAccountName(), holder);
        return PostgresFailures.explain(failure.status(), tail, context, failure.getMessage());
    }

    /** Who runs the server; never throws (explaining a failure must not fail). */
    private String serverAccountName() {
        if (!layout.asRoot()) {
            return System.getProperty("user.name");
        }
        return ACCOUNTS.stream()
                .flatMap(name -> ServiceAccount.lookup(name).stream())
                .filter(ServiceAccount::usable)
                .map(ServiceAccount::name)
                .findFirst().orElse("no usable account");
    }

    /** Kills postgres processes left in the data folder (see {@link PostgresLeftovers#killAfterStop}). */
    @Override
    public void afterStop() {
        leftovers.killAfterStop(dataDir());
    }

    /** Deletes the cluster, its password file and its short socket folder (see {@link PostgresLeftovers#deleteData}). */
    @Override
    public List<Path> deleteData() {
        return leftovers.deleteData(passwordFile());
    }
}
