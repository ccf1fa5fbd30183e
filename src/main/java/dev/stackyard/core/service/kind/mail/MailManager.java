package dev.stackyard.core.service.kind.mail;

import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.service.AbstractServiceManager;
import dev.stackyard.core.service.AccountFolders;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.RootBase;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceFolders;
import dev.stackyard.core.service.probe.Probe;
import dev.stackyard.core.service.probe.ProbeResult;
import dev.stackyard.core.service.probe.Probes;
import dev.stackyard.mailserver.MailServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs the mail catcher ({@link MailServer}) as a process of its own: this JVM's runtime
 * ({@code java.home}/bin/java: the jlinked runtime when installed, the JDK from a checkout; not
 * {@code ProcessHandle.current().info().command()}, which is jpackage's native launcher when the
 * window was started from it), its own class path ({@link MailClassPath}) and a small JVM:
 * {@code -Xmx64m} (messages are streamed to disk and parsed from the file, never held whole),
 * {@code -XX:+UseSerialGC} (no GC threads for a heap that small), {@code -XX:TieredStopAtLevel=1}
 * (C1 only: less compile memory and CPU; the work is I/O), {@code -Xss512k}.
 *
 * <p>Ready when the SMTP greeting ({@code 220}) arrives AND the page answers 200. Stop: TERM (the
 * server closes both sockets), then the process core's group KILL. As root it runs as
 * {@link MailAccount#NAME}.
 */
public final class MailManager extends AbstractServiceManager {
    static final List<String> JVM_FLAGS = List.of("-Xmx64m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData", "-Dlogback.configurationFile=dev/stackyard/mailserver/logback.xml");

    private final MailLayout layout;

    public MailManager(ServiceDefinition definition, ServiceEnvironment env) {
        this(definition, env, ServiceEnvironment.runningAsRoot(), RootBase.DEFAULT);
    }

    /** For tests: whether to act as root, and where data goes as root when Stackyard's folders are unreachable. */
    MailManager(ServiceDefinition definition, ServiceEnvironment env, boolean asRoot, Path rootBase) {
        super(definition, env);
        this.layout = new MailLayout(definition, env, asRoot, rootBase);
    }

    /** The folder holding the messages ({@code ID.eml} and {@code ID.json} each). */
    public Path dataDir() {
        return layout.dataDir();
    }

    private ServiceDefinition.MailSettings settings() {
        ServiceDefinition.MailSettings mail = definition.mail();
        return mail != null && mail.httpPort() != null ? mail
                : new MailKind().withDefaults(definition, env.dataDir()).mail();
    }

    /** The page's and API's port. */
    public int httpPort() {
        return settings().httpPort();
    }

    /** Stackyard's own runtime: nothing to install. */
    @Override
    public Optional<Installation> installation() {
        Path java = javaBinary();
        return Files.isExecutable(java) ? Optional.of(new Installation(definition.kind(), "-", java, Runtime.version().toString(),
                Installation.SYSTEM)) : Optional.empty();
    }

    static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    @Override
    public String notInstalledHint() {
        return "the mail catcher runs on Stackyard's own Java runtime, and " + javaBinary() + " is missing; reinstall Stackyard";
    }

    /** The server writes none; the process core keeps one in its state folder. */
    @Override
    public Path pidFile() {
        return env.processStateDir().resolve(id() + ".pid");
    }

    @Override
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(super.ports());
        ports.add(httpPort());
        return ports;
    }

    @Override
    public Launch prepare(Installation installation, Consumer<String> progress) {
        try {
            return prepareOrThrow(installation);
        } catch (UncheckedIOException e) {
            throw new ServiceException(id(), id() + " cannot start: " + e.getMessage() + ": " + e.getCause().getMessage(),
                    List.of(), e);
        } catch (IllegalStateException e) {
            throw new ServiceException(id(), id() + " cannot start: " + e.getMessage(), List.of(), e);
        }
    }

    private Launch prepareOrThrow(Installation installation) {
        int port = layout.port();
        ServiceDefinition.MailSettings mail = settings();
        MailAccount account = layout.asRoot() ? MailAccount.forRoot(id()) : null;
        Path data = dataDir();
        MailClassPath classPath = MailClassPath.ofThisJvm();
        if (account != null) {
            AccountFolders folders = new AccountFolders(id(), account.account(), layout.roots(),
                    "the mail catcher runs as " + account.account().name() + " (it needs no privilege), and it",
                    "Stackyard's folders (STACKYARD_HOME) or dataDir");
            folders.requireReachableAbove(data);
            classPath = classPath.readableBy(account.account(), layout.classPathCopy());
            folders.requireReachableAbove(layout.classPathCopy());
        }
        if (!Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
            ServiceFolders.createDataDir(data, account != null ? account.account() : null);
        } else if (account != null) {
            account.account().chown(data);
        }
        List<String> argv = new ArrayList<>();
        argv.add(installation.binary().toString());
        argv.addAll(JVM_FLAGS);
        argv.addAll(List.of("-cp", classPath.joined(), MailServer.class.getName(),
                "--smtp-port", Integer.toString(port),
                "--http-port", Integer.toString(mail.httpPort()),
                "--dir", data.toString(),
                "--keep", Integer.toString(mail.keep()),
                "--max-size", Long.toString(mail.maxMessageSize())));
        List<String> command = account != null ? account.wrap(argv) : argv;
        ProcessSpec spec = new ProcessSpec(id(), command, data, Map.of(), logFile(), null, stopPolicy());
        return new Launch(spec, readiness(port, mail.httpPort()), readyTimeout());
    }

    /** The SMTP greeting, then the page. */
    private static ReadinessCheck readiness(int smtpPort, int httpPort) {
        Probe smtp = Probes.greeting(smtpPort, "220");
        Probe page = Probes.http(httpPort, "/");
        return readiness(timeout -> {
            ProbeResult r = smtp.check(timeout);
            return r instanceof ProbeResult.NotReady ? r : page.check(timeout);
        });
    }

    /** The page listing the messages, {@code http://127.0.0.1:HTTPPORT/}. */
    @Override
    public Optional<String> url() {
        return Optional.of("http://127.0.0.1:" + httpPort() + "/");
    }

    @Override
    public String explain(StartFailedException failure) {
        return MailFailures.explain(failure.logTail(), id(), definition.port() == null ? 0 : definition.port(), httpPort(),
                failure.getMessage());
    }

    /**
     * Deletes the stored messages ({@code *.eml}, {@code *.json} and unfinished {@code .tmp-*}) and
     * the folder when it is then empty and Stackyard's; other files in a user-given {@code dataDir}
     * are left alone. Returns what it deleted.
     */
    @Override
    public List<Path> deleteData() {
        Path dir = dataDir();
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return deleted;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && (name.endsWith(".eml") || name.endsWith(".json") || name.startsWith(".tmp-"))) {
                    Files.delete(f);
                    deleted.add(f);
                }
            }
            if (definition.dataDir() == null) {
                try (var rest = Files.list(dir)) {
                    if (rest.findAny().isEmpty()) {
                        Files.delete(dir);
                        deleted.add(dir);
                    }
                }
            }
        } catch (IOException e) {
            throw new ServiceException(id(), "cannot delete the messages of " + id() + ": " + e.getMessage(), List.of(), e);
        }
        return deleted;
    }
}
