package dev.stackyard.core.service.kind.nginx;

import dev.stackyard.core.service.AbstractServiceManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.RootBase;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServedFolders;
import dev.stackyard.core.service.ServiceAccount;
import dev.stackyard.core.service.WebAccount;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceFolders;
import dev.stackyard.core.service.Templates;
import dev.stackyard.core.service.kind.phpfpm.PhpFpmManager;
import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.service.probe.PortHolder;
import dev.stackyard.core.service.probe.Probe;
import dev.stackyard.core.service.probe.ProbeResult;
import dev.stackyard.core.service.probe.Probes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * nginx in the foreground ({@code daemon off;}) from the service's run folder as its prefix, with
 * its PID file and all five temp folders there, listening on 127.0.0.1:PORT only. Its error log is
 * stderr, so it lands in the service's log; the access log is {@code LOGDIR/ID.access.log}. It
 * serves {@link #root()} and, when the definition names a php-fpm service, runs {@code *.php}
 * through that service's socket ({@link PhpFpmManager#socketPath}).
 *
 * <p>Ready when {@code GET /stackyard-health} answers 200 and the port is held by this very nginx
 * (another server on the port, such as a dev server answering 200 to every path, would otherwise
 * pass for it during the 2.5 s nginx spends retrying its bind). Stop: QUIT to the master (waits for
 * running requests), then TERM to the group, then the process core's group KILL.
 */
public final class NginxManager extends AbstractServiceManager {
    static final String HEALTH_PATH = "/stackyard-health";
    /** The temp folders nginx creates (only the last level) and, as root, chowns to its workers' user. */
    static final List<String> TEMP_DIRS = List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi");

    /**
     * Cap on one health request. nginx answers in about a millisecond; a listener of someone else's
     * that accepts and never answers must not keep the probe waiting long after nginx gave up its
     * bind retries and exited (the exit is only noticed between attempts).
     */
    private static final Duration PROBE_ATTEMPT = Duration.ofMillis(500);

    private final RootBase roots;

    public NginxManager(ServiceDefinition definition, ServiceEnvironment env) {
        this(definition, env, RootBase.DEFAULT);
    }

    /** With the root base at {@code rootBase} (tests; {@link RootBase#DEFAULT} otherwise). */
    public NginxManager(ServiceDefinition definition, ServiceEnvironment env, Path rootBase) {
        super(definition, env);
        this.roots = new RootBase(rootBase, env);
    }

    /** The document root: the definition's, else the {@linkplain #defaultRoot() default web folder}. */
    public Path root() {
        // The config layer fills in DATA/www when root is not set, so that counts as the default too.
        Path usual = env.dataDir().resolve("www").toAbsolutePath().normalize();
        return definition.root() != null && !definition.root().toAbsolutePath().normalize().equals(usual)
                ? definition.root() : defaultRoot();
    }

    /**
     * The default web folder: {@code DATA/www}, or {@code /var/lib/stackyard/HASH/www} as root when
     * the web account cannot pass through to the data folder ({@link RootBase}).
     */
    public Path defaultRoot() {
        return roots.dataFolder("www", ServiceEnvironment.runningAsRoot());
    }

    /**
     * {@code RUN/ID}, or {@code BASE/HASH/run/ID} as root when the web account cannot pass through to
     * the run folder: the workers write request bodies in its temp folders ({@link RootBase}).
     */
    @Override
    protected Path runDir() {
        return roots.serviceRunDir(id(), ServiceEnvironment.runningAsRoot());
    }

    /** The folder holding nginx's temp folders. */
    public Path tempDir() {
        return runDir().resolve("tmp");
    }

    /** Where nginx logs requests. */
    public Path accessLogFile() {
        return env.logDir().resolve(id() + ".access.log");
    }

    @Override
    public Path pidFile() {
        return runDir().resolve("nginx.pid");
    }

    /** The rendered nginx.conf. */
    public Path configFile() {
        return runDir().resolve("nginx.conf");
    }

    /** nginx's prefix ({@code -p}): the service's run folder. */
    public Path prefix() {
        return runDir();
    }

    /**
     * The http-level include with the sites' {@code server} blocks ({@link NginxSites}), rewritten
     * at every start; the sites layer swaps in a new one before a graceful reload.
     */
    public Path sitesFile() {
        return runDir().resolve("sites.conf");
    }

    /** The HTTP port (the config layer guarantees one), or 0 when it has none. */
    public int port() {
        return definition.port() == null ? 0 : definition.port();
    }

    /** The configured port plus the sites' extra listeners (HTTPS). */
    @Override
    public List<Integer> ports() {
        List<Integer> ports = new java.util.ArrayList<>(super.ports());
        ports.addAll(env.sites().ports(id()));
        return List.copyOf(ports);
    }

    @Override
    public Launch prepare(Installation installation, Consumer<String> progress) {
        Integer port = definition.port();
        if (port == null) {
            throw new ServiceException(id(), id() + " cannot start: it has no port; set one in the config");
        }
        ServiceFolders.createPrivate(runDir());
        privateDir(runDir());
        privateDir(tempDir());
        Path root = prepareRoot(progress);
        Optional<ServiceAccount> account = WebAccount.forRoot(id());
        if (account.isPresent()) {
            // The workers write request bodies there; nginx chowns only the last level itself.
            account.get().prepareFolder(tempDir());
            WebAccount.requireReachable(id(), account.get(), roots, tempDir());
            WebAccount.requireReachable(id(), account.get(), roots, root);
            // php-fpm opens its own folder when it starts (before nginx: nginx depends on it).
            Path phpDir = definition.php() == null ? null : PhpFpmManager.socketPath(roots, definition.php()).getParent();
            if (phpDir != null && Files.isDirectory(phpDir)) {
                WebAccount.requireReachable(id(), account.get(), roots, phpDir);
            }
        }
        writeFile(runDir().resolve("mime.types"), Templates.render("nginx/mime.types", Map.of()));
        writeFile(runDir().resolve("fastcgi_params"), Templates.render("nginx/fastcgi_params", Map.of()));
        writeFile(sitesFile(), env.sites().render(this));
        Path conf = writeFile(configFile(), renderConfig(pidFile(), sitesFile()));
        ProcessSpec spec = new ProcessSpec(id(), List.of(installation.binary().toString(),
                "-p", runDir().toAbsolutePath() + "/", "-c", conf.toAbsolutePath().toString(),
                // Before the config is read, nginx would open its compiled-in /var/log/nginx/error.log.
                "-e", "stderr",
                "-g", "daemon off;"),
                runDir(), Map.of(), logFile(), pidFile(), stopPolicy());
        return new Launch(spec, readiness(port), readyTimeout());
    }

    /**
     * The text of nginx.conf with this PID file and sites include; {@link #prepare} writes it with
     * the real ones, the sites layer renders a copy naming a candidate include for {@code nginx -t}.
     */
    public String renderConfig(Path pidFile, Path sitesFile) {
        return Templates.render("nginx/nginx.conf", Map.of(
                "id", id(),
                // See the template: as root, the workers run as the web account, never as root.
                "user", WebAccount.forRoot(id()).map(a -> "user " + a.name() + " " + a.group() + ";")
                        .orElse("# (not root: workers run as this user)"),
                "pidFile", quotable(pidFile),
                "runDir", quotable(runDir()),
                "accessLog", quotable(accessLogFile()),
                "port", Integer.toString(port()),
                "root", quotable(root()),
                "locations", locations(definition.php()).stripTrailing(),
                "sites", quotable(sitesFile)));
    }

    /**
     * The {@code location} blocks of a server whose PHP goes to php-fpm service {@code php} (its
     * socket, {@link PhpFpmManager#socketPath}), or static files only when {@code php} is null.
     */
    public String locations(String php) {
        return php == null
                ? Templates.render("nginx/locations-static.conf", Map.of())
                : Templates.render("nginx/locations-php.conf", Map.of(
                        "php", php,
                        "fastcgiParams", quotable(runDir().resolve("fastcgi_params")),
                        "fastcgiPass", "\"unix:" + quotable(PhpFpmManager.socketPath(roots, php)) + "\""));
    }

    /**
     * The root to serve. The default folder is created with a welcome page when it does not exist
     * yet; an existing folder, and the user's own root, are never written to.
     */
    private Path prepareRoot(Consumer<String> progress) {
        Path root = root().toAbsolutePath();
        // The config layer fills in the default root, so compare with it rather than test for null.
        boolean isDefault = root.equals(defaultRoot().toAbsolutePath());
        if (!isDefault) {
            if (!Files.isDirectory(root)) {
                throw new ServiceException(id(), id() + " cannot start: its web folder " + root
                        + " does not exist; create it or change root in the config");
            }
            Optional<String> writable = ServedFolders.writableByOthers(root);
            if (writable.isPresent()) {
                throw new ServiceException(id(), id() + " cannot start: " + writable.get());
            }
            return root;
        }
        try {
            ServiceFolders.createPrivate(root.getParent()); // the web account is let through later, where it needs to
            Files.createDirectory(root);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(root)) {
                throw new ServiceException(id(), id() + " cannot start: its web folder " + root + " is not a folder");
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        String page = Templates.render("www/index.html", Map.of(
                "id", html(id()),
                "root", html(root.toString()),
                "phpNote", definition.php() == null
                        ? "It serves static files; name a php-fpm service in its <code>php</code> setting to run PHP."
                        : "PHP files run on the php-fpm service <code>" + html(definition.php())
                          + "</code>; an <code>index.php</code> here is shown instead of this page."));
        try {
            // CREATE_NEW: even in a folder made a moment ago, a file someone put there wins.
            Files.writeString(root.resolve("index.html"), page, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the welcome page in " + root, e);
        }
        progress.accept("created the web folder " + root + " with a welcome page");
        Path usual = env.dataDir().resolve("www").toAbsolutePath().normalize();
        if (!root.normalize().equals(usual) && Files.isDirectory(usual)) {
            // Made before, when the workers ran as root: left as it is, and said once.
            progress.accept("as root, the web account cannot enter the folders above " + usual + ", so " + id()
                    + " serves this folder instead; move what you keep in " + usual + " here");
        }
        return root;
    }

    /** Ready when the health location answers 200 from a port that this nginx ({@code pid}) holds. */
    private static ReadinessCheck readiness(int port) {
        Probe health = Probes.http(port, HEALTH_PATH);
        return (pid, timeout) -> {
            Duration attempt = timeout.compareTo(PROBE_ATTEMPT) > 0 ? PROBE_ATTEMPT : timeout;
            if (health.check(attempt) instanceof ProbeResult.NotReady(String reason)) {
                throw new ReadinessCheck.NotReady(reason);
            }
            Optional<PortHolder> holder = PortCheck.holder(port);
            OptionalLong holderPid = holder.map(PortHolder::pid).orElse(OptionalLong.empty());
            if (holderPid.isEmpty() || holderPid.getAsLong() != pid) {
                throw new ReadinessCheck.NotReady("127.0.0.1:" + port + " answers, but not from this nginx (PID " + pid + "): "
                        + holder.map(PortHolder::message).orElse("the port looks free"));
            }
            return true;
        };
    }

    @Override
    public Optional<String> url() {
        return definition.port() == null ? Optional.empty() : Optional.of("http://127.0.0.1:" + definition.port() + "/");
    }

    @Override
    public String explain(StartFailedException failure) {
        List<String> tail = failure.logTail();
        Integer port = definition.port();
        Optional<String> holder = port != null && NginxFailures.isPortConflict(tail)
                ? PortCheck.holder(port).map(PortHolder::message) : Optional.empty();
        return NginxFailures.explain(failure.status(), tail, new NginxFailures.Context(id(), port, holder), failure.getMessage());
    }

    /**
     * A path inside nginx's double quotes. nginx expands {@code $variables} even there (in
     * {@code root}, {@code access_log}), so a path with {@code $} cannot be written safely.
     */
    public String quotable(Path path) {
        String text = path.toAbsolutePath().toString();
        if (text.contains("$") || text.contains("\n")) {
            throw new ServiceException(id(), id() + " cannot start: nginx cannot use the path " + text
                    + " (it contains $ or a line break); rename the folder");
        }
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
