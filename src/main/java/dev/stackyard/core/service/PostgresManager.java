package dev.stackyard.core.service;

import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.service.probe.PortHolder;
import dev.stackyard.core.service.probe.PostmasterPid;
import dev.stackyard.core.service.probe.Probes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own per service: {@code postgres} in the foreground on 127.0.0.1 and a
 * private unix socket, logging to stderr (which the process core appends to the service's log).
 *
 * <p>First start runs {@code initdb} (superuser {@code postgres}, UTF8, C.UTF-8, socket trusted,
 * TCP by a generated password kept in a 0600 file beside the data folder) and writes Stackyard's
 * {@code pg_hba.conf}. Ready when {@code postmaster.pid} says {@code ready} and the server answers
 * a startup packet. Stop: INT (fast shutdown: aborts open transactions, disconnects clients), then
 * QUIT (immediate, crash recovery next start), then the process core's group KILL; postgres
 * backends are their own group leaders, so {@link #afterStop()} reaches the ones left behind.
 *
 * <p>When Stackyard runs as root (postgres refuses root) the server and initdb run as the
 * {@code postgres} account, else {@code nobody}, through {@code setpriv}, which execs in place so
 * the PID is the server's own. That account owns the data and socket folders.
 *
 * <p>Immutable apart from files on disk; safe to call from any thread (the registry never runs
 * {@link #prepare} twice at once for one service).
 */
public final class PostgresManager extends AbstractServiceManager {
    private static final Logger log = LoggerFactory.getLogger(PostgresManager.class);

    /** INT = fast shutdown; TERM ("smart") would wait for every idle client. QUIT as the last polite rung. */
    static final StopPolicy LADDER = new StopPolicy(List.of(
            new StopPolicy.Step(Signal.INT, Duration.ofSeconds(10), false),
            new StopPolicy.Step(Signal.QUIT, Duration.ofSeconds(5), false)));
    static final String USER = "postgres";
    static final String DATABASE = "postgres";
    /** sizeof(sockaddr_un.sun_path) is 108 on Linux, one byte of it for the terminating NUL. */
    static final int MAX_SOCKET_PATH = 107;
    static final Duration INITDB_TIMEOUT = Duration.ofMinutes(2);
    static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    static final long STRAY_WAIT_SECONDS = 10;
    static final Duration STRAY_WAIT = Duration.ofSeconds(STRAY_WAIT_SECONDS);
    private static final int LOG_TAIL = 20;
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    public PostgresManager(ServiceDefinition definition, ServiceEnvironment env) {
        super(definition, env);
    }

    // ---------------------------------------------------------------- where things are

    /** The cluster's data folder: the definition's {@code dataDir}, else {@code DATA/postgres/ID}. */
    public Path dataDir() {
        Path dir = definition.dataDir() != null ? definition.dataDir() : clusterFolder().resolve(id());
        return dir.toAbsolutePath().normalize();
    }

    /**
     * The folder of the unix socket {@code .s.PGSQL.PORT}: the service's run folder when the
     * socket's full path fits in {@value #MAX_SOCKET_PATH} bytes, else a short private folder
     * {@code /tmp/stackyard-UID-HASH} (UID of this JVM, HASH of the data folder). Only names it;
     * {@link #prepare} creates it.
     */
    public Path socketDir() {
        Path run = runDir().toAbsolutePath().normalize();
        return fitsSocketPath(run) ? run : fallbackSocketDir();
    }

    /** The password of {@link #user()} for TCP connections; empty when Stackyard did not make this cluster. */
    public Optional<String> password() {
        try {
            String text = Files.readString(passwordFile(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + passwordFile(), e);
        }
    }

    /** The superuser initdb creates. */
    public String user() {
        return USER;
    }

    /** The database clients connect to by default. */
    public String database() {
        return DATABASE;
    }

    /** Stackyard's folder for its clusters: default data folders, password files, initdb markers. */
    Path clusterFolder() {
        return env.dataDir().resolve("postgres").toAbsolutePath().normalize();
    }

    /**
     * Beside the cluster, not in it (initdb wants an empty folder) and not in the run folder (which
     * may be wiped): kept as long as the cluster is.
     */
    Path passwordFile() {
        return clusterFolder().resolve(id() + ".password");
    }

    /** Exists while initdb runs: found later, it means initdb never finished. */
    Path initdbMarker() {
        return clusterFolder().resolve(id() + ".initdb-incomplete");
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

    private int port() {
        if (definition.port() == null) {
            throw new ServiceException(id(), id() + " has no port; set one (postgres listens on 127.0.0.1:PORT)");
        }
        return definition.port();
    }

    private boolean fitsSocketPath(Path dir) {
        return (dir + "/.s.PGSQL." + port()).getBytes(StandardCharsets.UTF_8).length <= MAX_SOCKET_PATH;
    }

    private Path fallbackSocketDir() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(dataDir().toString().getBytes(StandardCharsets.UTF_8));
            return Path.of("/tmp", "stackyard-" + ownUid() + "-" + HexFormat.of().formatHex(digest, 0, 4));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read this process's uid", e);
        }
    }

    // ---------------------------------------------------------------- prepare

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
        int port = port();
        boolean root = ServiceEnvironment.runningAsRoot();
        PostgresAccount account = root ? PostgresAccount.forRoot(id()) : null;
        String setpriv = root ? setpriv() : null;
        Path data = dataDir();
        createPrivate(clusterFolder());

        OptionalLong running = PostgresProcesses.livePostmaster(data);
        if (running.isPresent()) {
            throw new ServiceException(id(), id() + " cannot start: another postgres (PID " + running.getAsLong()
                    + ") is running on this data dir " + data + "; stop it first");
        }
        killStrays(data, progress);
        boolean fresh = needsInitdb(data, installation, account);
        if (account != null) {
            requireReachable(data, account);
        }
        if (fresh) {
            createDataDir(data, account);
        }
        Path socketDir = prepareSocketDir(account);
        if (account != null) {
            requireReachable(socketDir, account);
        }
        if (fresh) {
            initdb(installation, data, socketDir, account, setpriv, progress);
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
        ProcessSpec spec = new ProcessSpec(id(), argv, data, Map.of(), logFile(), null, stopPolicy(LADDER));
        return new Launch(spec, readiness(data, port), READY_TIMEOUT);
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
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, "setpriv");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new ServiceException(id(), id() + " cannot start: PostgreSQL refuses to run as root and setpriv,"
                + " which Stackyard uses to run it as another account, is missing; install util-linux");
    }

    /**
     * With no live postmaster on the folder, any postgres process still working in it is left over
     * from a server that was killed, and would block this start; it is killed. (A postmaster whose
     * postmaster.pid was deleted counts too: postgres itself shuts down within a minute of losing it.)
     */
    private void killStrays(Path data, Consumer<String> progress) {
        Optional<Path> real = PostgresProcesses.realPath(data);
        if (real.isEmpty()) {
            return;
        }
        List<ProcFs.Stat> strays = PostgresProcesses.onDataDir(real.get());
        if (strays.isEmpty()) {
            return;
        }
        progress.accept("stopping " + strays.size() + " leftover postgres process(es) of an earlier server on " + data);
        List<Long> alive = PostgresProcesses.killAndWait(strays, STRAY_WAIT);
        if (!alive.isEmpty()) {
            throw new ServiceException(id(), id() + " cannot start: postgres processes " + alive + " of an earlier server on "
                    + data + " did not exit after KILL; wait for them or restart the machine");
        }
    }

    /**
     * True when the data folder is missing or empty; false for a finished cluster of this major
     * version; a ServiceException for everything else. Never deletes anything.
     */
    private boolean needsInitdb(Path data, Installation installation, PostgresAccount account) {
        Path marker = initdbMarker();
        try {
            if (!Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(marker);
                return true;
            }
            if (!Files.isDirectory(data)) {
                throw new ServiceException(id(), id() + " cannot start: its data dir " + data + " is not a folder;"
                        + " choose another dataDir");
            }
            boolean empty;
            try (Stream<Path> entries = Files.list(data)) {
                empty = entries.findAny().isEmpty();
            }
            if (empty) {
                Files.deleteIfExists(marker);
                return true;
            }
            boolean finished = Files.isRegularFile(data.resolve("PG_VERSION"))
                    && Files.isRegularFile(data.resolve("global").resolve("pg_control"));
            if (Files.exists(marker) || !finished) {
                if (looksLikePostgres(data)) {
                    throw new ServiceException(id(), id() + " cannot start: " + data + " looks like a half-made cluster"
                            + " from a failed initdb; delete it or choose another dataDir");
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
    private boolean looksLikePostgres(Path data) {
        return Files.exists(initdbMarker())
                || Stream.of("PG_VERSION", "postgresql.conf", "global", "base", "pg_wal").anyMatch(n -> Files.exists(data.resolve(n)));
    }

    /** PG_VERSION says "15" (or "9.6"); an installation's version is "15" or "15.4". */
    static boolean sameMajor(String clusterVersion, String installed) {
        return clusterVersion.equals(installed) || installed.startsWith(clusterVersion + ".")
                || clusterVersion.startsWith(installed + ".");
    }

    private Path prepareSocketDir(PostgresAccount account) {
        Path dir = socketDir();
        if (!fitsSocketPath(dir)) {
            throw new ServiceException(id(), id() + " cannot start: the socket path " + dir + "/.s.PGSQL." + port()
                    + " is longer than " + MAX_SOCKET_PATH + " bytes");
        }
        if (dir.equals(runDir().toAbsolutePath().normalize())) {
            createPrivate(dir);
        } else {
            // A fixed name in world-writable /tmp: whoever made it first owns it, so check it is ours.
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            } catch (FileAlreadyExistsException e) {
                // Checked below.
            } catch (IOException e) {
                throw new ServiceException(id(), id() + " cannot start: cannot create its socket folder " + dir + ": "
                        + e.getMessage(), List.of(), e);
            }
            try {
                PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                boolean ours = owner == ownUid() || (account != null && owner == account.uid());
                if (!a.isDirectory() || !ours) {
                    throw new ServiceException(id(), id() + " cannot start: its socket folder " + dir + " exists but is"
                            + " not a folder of this user; remove it");
                }
                Files.setPosixFilePermissions(dir, PRIVATE_DIR);
            } catch (IOException e) {
                throw new ServiceException(id(), id() + " cannot start: cannot check its socket folder " + dir + ": "
                        + e.getMessage(), List.of(), e);
            }
        }
        if (account != null) {
            account.chown(dir);
        }
        return dir;
    }

    /**
     * As root, the account running postgres must be able to pass through every folder above
     * {@code target}. Stackyard's own folders (the data and run folders, and the STACKYARD_HOME
     * holding both) are 0700 root; those get search permission for everyone (0711): a pass-through
     * to names one already knows, without listing them. The cluster stays private (0700, the
     * account's) and the password file root's (0600). A folder that is not Stackyard's (such as
     * /root) is never changed: the start fails naming it.
     */
    private void requireReachable(Path target, PostgresAccount account) {
        try {
            // Folders not made yet will be made passable (see createDataDir); check those that exist.
            Path abs = target.toAbsolutePath().normalize();
            Path existing = abs;
            while (!Files.exists(existing)) {
                existing = existing.getParent();
            }
            Path real = existing.toRealPath();
            List<Path> ancestors = new ArrayList<>();
            for (Path p = existing.equals(abs) ? real.getParent() : real; p != null; p = p.getParent()) {
                ancestors.addFirst(p);
            }
            List<Path> ours = stackyardFolders();
            for (Path folder : ancestors) {
                if (account.canTraverse(folder)) {
                    continue;
                }
                boolean stackyards = ours.stream().anyMatch(folder::startsWith) || folder.equals(stackyardHome().orElse(null));
                if (!stackyards) {
                    throw new ServiceException(id(), id() + " cannot start: postgres runs as " + account.name()
                            + " (it refuses root), and " + account.name() + " cannot enter " + folder + " to reach "
                            + target + "; move Stackyard's folders (STACKYARD_HOME) or dataDir out of " + folder
                            + ", or allow passing through it with: chmod o+x " + folder);
                }
                Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(folder));
                perms.add(PosixFilePermission.GROUP_EXECUTE);
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(folder, perms);
                log.info("{}: {} is now {} so that {} can reach {}", id(), folder,
                        PosixFilePermissions.toString(perms), account.name(), target);
            }
        } catch (IOException e) {
            throw new ServiceException(id(), id() + " cannot start: cannot check the folders above " + target + ": "
                    + e.getMessage(), List.of(), e);
        }
    }

    private List<Path> stackyardFolders() {
        return Stream.of(env.dataDir(), env.runDir()).map(PostgresProcesses::realPath).flatMap(Optional::stream).toList();
    }

    /**
     * The STACKYARD_HOME: the folder holding both the data and run folders, when they share one
     * (never / or the user's home, which are not Stackyard's to change).
     */
    private Optional<Path> stackyardHome() {
        Optional<Path> data = PostgresProcesses.realPath(env.dataDir()).map(Path::getParent);
        Optional<Path> run = PostgresProcesses.realPath(env.runDir()).map(Path::getParent);
        Optional<Path> userHome = PostgresProcesses.realPath(Path.of(System.getProperty("user.home")));
        if (data.isEmpty() || !data.equals(run) || data.get().getParent() == null || data.equals(userHome)) {
            return Optional.empty();
        }
        return data;
    }

    // ---------------------------------------------------------------- initdb

    private void initdb(Installation installation, Path data, Path socketDir, PostgresAccount account, String setpriv,
                        Consumer<String> progress) {
        progress.accept("initialising database cluster in " + data);
        Path marker = initdbMarker();
        Path pwfile = passwordFile();
        Path copy = null;
        try {
            String password = password().orElseGet(this::newPassword);
            writePrivate(marker, "initdb started " + Instant.now() + "\n");
            if (account != null) {
                // The password file stays root's; the account gets a copy for as long as initdb runs.
                copy = socketDir.resolve("initdb.pwfile");
                Files.deleteIfExists(copy);
                writePrivate(copy, password + "\n");
                account.chown(copy);
                pwfile = copy;
            }
            List<String> argv = List.of(installation.sibling("initdb").toString(),
                    "-D", data.toString(), "-U", USER, "-E", "UTF8", "--locale=C.UTF-8",
                    "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile);
            if (account != null) {
                argv = account.wrap(setpriv, argv);
            }
            int exit = run(argv, data);
            if (exit != 0) {
                if (isEmptyOrMissing(data)) {
                    Files.deleteIfExists(marker); // initdb cleaned up after itself: a retry can start afresh
                }
                throw new ServiceException(id(), id() + ": initdb failed (exit " + exit + ") for " + data
                        + "; see the log", LogFiles.tail(logFile(), LOG_TAIL), null);
            }
            if (!Files.isRegularFile(data.resolve("PG_VERSION")) || !Files.isRegularFile(data.resolve("global/pg_control"))) {
                throw new ServiceException(id(), id() + ": initdb reported success but " + data + " has no cluster;"
                        + " see the log", LogFiles.tail(logFile(), LOG_TAIL), null);
            }
            writePgHba(data, account);
            Files.delete(marker);
            progress.accept("done");
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

    /** Runs initdb as a plain child, its output appended to the service's log; bounded by the timeout. */
    private int run(List<String> argv, Path workDir) throws IOException {
        Path logFile = logFile();
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.writeString(logFile, "---- stackyard " + Instant.now() + " initdb: " + String.join(" ", argv)
                + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(argv)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            if (p.waitFor(INITDB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                return p.exitValue();
            }
            kill(p);
            throw new ServiceException(id(), id() + ": initdb did not finish within " + INITDB_TIMEOUT.toMinutes()
                    + " minutes and was stopped; " + dataDir() + " looks like a half-made cluster from a failed initdb;"
                    + " delete it or choose another dataDir", LogFiles.tail(logFile, LOG_TAIL), null);
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new ServiceException(id(), id() + ": interrupted while initdb ran; " + dataDir()
                    + " may be a half-made cluster; delete it before the next start", List.of(), e);
        }
    }

    /** Kills initdb and the bootstrap backend it forked, and reaps initdb. */
    private static void kill(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Overwrites initdb's pg_hba.conf in place, which keeps its owner and mode (0600, the account's). */
    private void writePgHba(Path data, PostgresAccount account) throws IOException {
        Path file = data.resolve("pg_hba.conf");
        Files.writeString(file, Templates.render("postgres/pg_hba.conf", Map.of("id", id())), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(file, PRIVATE_FILE);
        if (account != null) {
            account.chown(file);
        }
    }

    /** 18 random bytes as URL-safe base64: 24 characters, nothing to escape in a URL. */
    private String newPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            writePrivate(passwordFile(), password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + passwordFile(), e);
        }
        return password;
    }

    /** Writes a new file readable by this user only: created 0600, never widened, even for a moment. */
    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try (SeekableByteChannel ch = Files.newByteChannel(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PRIVATE_FILE))) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
        Files.setPosixFilePermissions(file, PRIVATE_FILE);
    }

    private static boolean isEmptyOrMissing(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /**
     * Creates the data folder 0700 for the account running postgres. Missing parents are made by
     * Stackyard for that account to pass through: 0711 as root (see requireReachable), else 0700.
     */
    private static void createDataDir(Path data, PostgresAccount account) {
        Path parent = data.getParent();
        createFolders(parent, account != null ? PosixFilePermissions.fromString("rwx--x--x") : PRIVATE_DIR);
        createFolders(data, PRIVATE_DIR);
        if (account != null) {
            account.chown(data);
        }
    }

    /** Creates a folder, and any missing parents, mode 0700; folders that exist keep their mode. */
    private static void createPrivate(Path dir) {
        createFolders(dir, PRIVATE_DIR);
    }

    private static void createFolders(Path dir, Set<PosixFilePermission> mode) {
        Path abs = dir.toAbsolutePath().normalize();
        List<Path> missing = new ArrayList<>();
        for (Path p = abs; p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.addFirst(p);
        }
        try {
            for (Path p : missing) {
                try {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
                } catch (FileAlreadyExistsException e) {
                    continue; // made by someone else meanwhile: keep its mode
                }
                Files.setPosixFilePermissions(p, mode);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    // ---------------------------------------------------------------- client side

    /**
     * {@code postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres}; without the password when
     * Stackyard has none for this cluster (one it did not initialise).
     */
    @Override
    public Optional<String> url() {
        if (definition.port() == null) {
            return Optional.empty();
        }
        String auth = USER + password().map(p -> ":" + percentEncode(p)).orElse("");
        return Optional.of("postgresql://" + auth + "@127.0.0.1:" + port() + "/" + DATABASE);
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters (URLEncoder writes '+' for space). */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- failures

    @Override
    public String explain(StartFailedException failure) {
        List<String> tail = failure.logTail();
        String prefix = id() + " could not start: ";
        if (has(tail, "could not create any TCP/IP sockets") || has(tail, "Address already in use")) {
            String who = PortCheck.holder(port()).map(PortHolder::message).orElse("port " + port() + " is already in use");
            return prefix + who + "; choose another port or stop what holds it";
        }
        if (has(tail, "pre-existing shared memory block")) {
            return prefix + "processes of an earlier postgres server on " + dataDir() + " are still running and hold"
                    + " its shared memory; stop them (or wait for them to exit) and start again";
        }
        if (has(tail, ".s.PGSQL.") && has(tail, "already exists")) {
            return prefix + "another postgres already uses the socket for port " + port() + " in " + socketDir()
                    + "; choose another port or stop that server";
        }
        if (has(tail, "lock file") && has(tail, "already exists")) {
            return prefix + "another postgres seems to be running on " + dataDir() + " (its postmaster.pid names a live"
                    + " process); stop it, or if none is running, delete " + dataDir().resolve("postmaster.pid");
        }
        if (has(tail, "has invalid permissions")) {
            return prefix + dataDir() + " must be mode 0700 or 0750; fix it with: chmod 700 " + dataDir();
        }
        if (has(tail, "has wrong ownership")) {
            return prefix + dataDir() + " must belong to the account that runs postgres (" + serverAccountName() + ")";
        }
        if (has(tail, "database files are incompatible with server")) {
            return prefix + dataDir() + " was made by another PostgreSQL major version; set the matching version for"
                    + " this service or upgrade the cluster with pg_upgrade";
        }
        Optional<String> denied = tail.stream().filter(l -> l.contains("Permission denied")).findFirst();
        if (denied.isPresent()) {
            return prefix + "postgres (running as " + serverAccountName() + ") was refused access: " + denied.get().strip()
                    + "; check the owner and mode of that path";
        }
        return failure.getMessage();
    }

    /** Who runs the server; never throws (explaining a failure must not fail). */
    private String serverAccountName() {
        if (!ServiceEnvironment.runningAsRoot()) {
            return System.getProperty("user.name");
        }
        return PostgresAccount.CANDIDATES.stream()
                .flatMap(name -> PostgresAccount.lookup(name).stream())
                .filter(a -> a.uid() != 0)
                .map(PostgresAccount::name)
                .findFirst().orElse("no usable account");
    }

    private static boolean has(List<String> lines, String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    // ---------------------------------------------------------------- after stop, delete

    /**
     * Kills postgres processes still working in the data folder (backends outlive a killed
     * postmaster, and are their own group leaders), and waits for them, at most
     * {@value #STRAY_WAIT_SECONDS} seconds. Leaves everything alone while a live postmaster serves
     * the folder: the stopped server was ours, so that one is not, nor are its backends.
     */
    @Override
    public void afterStop() {
        Path data = dataDir();
        Optional<Path> real = PostgresProcesses.realPath(data);
        if (real.isEmpty()) {
            return;
        }
        OptionalLong live = PostgresProcesses.livePostmaster(data);
        if (live.isPresent()) {
            log.info("{}: a postgres server (PID {}) is running on {}; its processes are left alone", id(), live.getAsLong(), data);
            return;
        }
        List<ProcFs.Stat> strays = PostgresProcesses.onDataDir(real.get());
        if (strays.isEmpty()) {
            return;
        }
        log.warn("{}: killing postgres processes left on {}: {}", id(), data, strays.stream().map(ProcFs.Stat::pid).toList());
        List<Long> alive = PostgresProcesses.killAndWait(strays, STRAY_WAIT);
        if (!alive.isEmpty()) {
            log.warn("{}: postgres processes {} on {} did not exit within {} s of KILL", id(), alive, data, STRAY_WAIT.toSeconds());
        }
    }

    /**
     * Deletes the data folder, the password file and the short socket folder, if any. Refuses
     * while a server runs on the folder, and refuses a folder that does not look like a cluster
     * (a mistyped {@code dataDir} must never cost someone their files).
     */
    @Override
    public void deleteData() {
        Path data = dataDir();
        OptionalLong live = PostgresProcesses.livePostmaster(data);
        if (live.isPresent()) {
            throw new ServiceException(id(), "cannot delete " + data + " while a postgres server (PID " + live.getAsLong()
                    + ") runs on it; stop " + id() + " first");
        }
        try {
            if (Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
                boolean inClusterFolder = data.startsWith(clusterFolder());
                if (!inClusterFolder && !isEmptyOrMissing(data) && !looksLikePostgres(data)) {
                    throw new ServiceException(id(), "not deleting " + data + ": it does not look like a PostgreSQL data folder");
                }
                deleteTree(data);
            }
            Files.deleteIfExists(passwordFile());
            Files.deleteIfExists(initdbMarker());
            Path socketDir = socketDir();
            if (!socketDir.equals(runDir().toAbsolutePath().normalize()) && Files.isDirectory(socketDir, LinkOption.NOFOLLOW_LINKS)) {
                deleteTree(socketDir);
            }
        } catch (IOException e) {
            throw new ServiceException(id(), "cannot delete the data of " + id() + ": " + e.getMessage(), List.of(), e);
        }
    }

    /** Deletes a folder and everything in it; links are removed, never followed. */
    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
