package dev.stackyard.core.service.kind.phpfpm;

import dev.stackyard.core.service.AbstractServiceManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.RootBase;
import dev.stackyard.core.service.ServiceAccount;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceFolders;
import dev.stackyard.core.service.Templates;
import dev.stackyard.core.service.WebAccount;
import dev.stackyard.core.process.ExitStatus;
import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.probe.Probes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * php-fpm in the foreground ({@code -F}, {@code daemonize = no}) with one pool on a unix socket in
 * the service's run folder, {@code RUN/ID/php-fpm.sock}; no TCP port. Its error log is stderr, so it
 * lands in the service's log, together with what scripts write to stderr. Ready when the pool
 * answers a FastCGI request for {@code /stackyard-ping} with {@code pong}. Stop: QUIT to the master
 * (graceful, as {@code process_control_timeout} is set), then TERM to the group, then the process
 * core's group KILL.
 *
 * <p>As root, the master stays root and the pool runs as the web account ({@link WebAccount}), as
 * nginx's workers do, which reach its socket: never root, so code dropped in a served folder does not
 * run as root. When that account cannot pass through to the run folder (the default home under
 * /root), the run folder, and so the socket, is {@code /var/lib/stackyard/HASH/run/ID} instead
 * ({@link RootBase}); /root is never loosened.
 */
public final class PhpFpmManager extends AbstractServiceManager {
    /** The FastCGI path the pool answers itself, for the readiness probe. */
    static final String PING_PATH = "/stackyard-ping";
    static final String PING_RESPONSE = "pong";
    /** sun_path holds 108 bytes including the final NUL. */
    static final int MAX_SOCKET_PATH = 107;


    private final RootBase roots;

    public PhpFpmManager(ServiceDefinition definition, ServiceEnvironment env) {
        this(definition, env, RootBase.DEFAULT);
    }

    /** With the root base at {@code rootBase} (tests; {@link RootBase#DEFAULT} otherwise). */
    public PhpFpmManager(ServiceDefinition definition, ServiceEnvironment env, Path rootBase) {
        super(definition, env);
        this.roots = new RootBase(rootBase, env);
    }

    /**
     * The unix socket the php-fpm service {@code id} listens on, for nginx's {@code fastcgi_pass}.
     * A path only: the service may not be running, or not be configured at all.
     */
    public static Path socketPath(ServiceEnvironment env, String id) {
        return socketPath(new RootBase(RootBase.DEFAULT, env), id);
    }

    /**
     * The same with the root base {@code roots}: {@code RUN/ID/php-fpm.sock}, or under the root base
     * when Stackyard runs as root and the web account cannot pass through to the run folder.
     */
    public static Path socketPath(RootBase roots, String id) {
        return runDir(roots, id).resolve("php-fpm.sock");
    }

    private static Path runDir(RootBase roots, String id) {
        return roots.serviceRunDir(id, ServiceEnvironment.runningAsRoot());
    }

    /** This service's socket. */
    public Path socketPath() {
        return socketPath(roots, id());
    }

    /** {@code RUN/ID}, or {@code BASE/HASH/run/ID} as root behind a closed folder ({@link RootBase}). */
    @Override
    protected Path runDir() {
        return runDir(roots, id());
    }

    @Override
    public Path pidFile() {
        return runDir().resolve("php-fpm.pid");
    }

    @Override
    public Launch prepare(Installation installation, Consumer<String> progress) {
        Path socket = socketPath();
        int length = socket.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH) {
            throw new ServiceException(id(), id() + " cannot start: its socket path " + socket + " is " + length
                    + " bytes long, but unix sockets allow at most " + MAX_SOCKET_PATH + "; use a shorter Stackyard folder");
        }
        ServiceFolders.createPrivate(runDir());
        privateDir(runDir());
        Optional<ServiceAccount> account = WebAccount.forRoot(id());
        if (account.isPresent()) {
            // nginx's workers (the same account) connect to the socket in this folder.
            WebAccount.requireReachable(id(), account.get(), roots, runDir());
        }
        Path conf = writeFile(runDir().resolve("php-fpm.conf"), Templates.render("php-fpm/php-fpm.conf", Map.of(
                "id", id(),
                "pidFile", iniString(pidFile()),
                "socket", iniString(socket),
                "sendmail", sendmailLine(env.sendmail().commandLine()),
                "identity", account.map(a -> "; Stackyard runs as root: the pool runs as the web account, never root.\n"
                                + "user = " + a.name() + "\ngroup = " + a.group()
                                + "\nlisten.owner = " + a.name() + "\nlisten.group = " + a.group())
                        .orElse("; Not root: the workers and the socket belong to this user."))));
        List<String> argv = new ArrayList<>(List.of(installation.binary().toString(),
                "-F", "-y", conf.toString(), "-p", runDir().toString()));
        ProcessSpec spec = new ProcessSpec(id(), argv, runDir(), Map.of(), logFile(), pidFile(), stopPolicy());
        return new Launch(spec, readiness(Probes.fastCgiPing(socket, PING_PATH, PING_RESPONSE)), readyTimeout());
    }

    /** No TCP port, whatever the definition says: php-fpm listens on its socket only. */
    @Override
    public List<Integer> ports() {
        return List.of();
    }

    @Override
    public Optional<String> url() {
        return Optional.empty();
    }

    @Override
    public String explain(StartFailedException failure) {
        return PhpFpmFailures.explain(failure.status(), failure.logTail(), new PhpFpmFailures.Context(id(), socketPath()),
                failure.getMessage());
    }

    /**
     * {@code php_admin_value[sendmail_path]} (scripts cannot change it) for the command line, or a
     * comment saying why there is none: no launcher known, or one the INI string cannot hold.
     */
    static String sendmailLine(java.util.Optional<String> command) {
        if (command.isEmpty()) {
            return "; (no sendmail_path: Stackyard's launcher is not known to this process)";
        }
        String text = command.get();
        if (text.contains("\"") || text.contains("\n") || text.contains("$")) {
            return "; (no sendmail_path: the command " + text.replace("\n", " ") + " cannot be written in php-fpm's config)";
        }
        return "php_admin_value[sendmail_path] = \"" + text + "\"";
    }

    /**
     * A path for inside the template's double quotes. php-fpm's INI parser has no escapes there and
     * expands {@code ${...}}, so a path with a quote, {@code $} or a line break cannot be written.
     */
    private String iniString(Path path) {
        String text = path.toAbsolutePath().toString();
        if (text.contains("\"") || text.contains("\n") || text.contains("$")) {
            throw new ServiceException(id(), id() + " cannot start: php-fpm cannot use the path " + text
                    + " (it contains \", $ or a line break); use a simpler Stackyard folder");
        }
        return text;
    }
}
