package dev.stackyard.core.site;

import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.process.PrivateFiles;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.service.kind.nginx.NginxManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a new {@code sites.conf} to an nginx service without dropping a request: the candidate
 * is written beside the live file and checked with {@code nginx -t} (through a copy of nginx.conf
 * that includes the candidate); only a config that passes replaces the live file, and a running
 * nginx then gets HUP (its graceful reload: new workers take new connections, the old ones finish
 * theirs). The reload counts as done when the workers answer the candidate's generation token.
 *
 * <p>A candidate that fails the check is never applied: the live file and the running config stay,
 * and the error names the site whose block nginx rejected. Applies to one nginx service are
 * serialised across processes by a lock file in its run folder.
 */
public final class NginxReloader {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_ATTEMPT = Duration.ofSeconds(2);
    private static final Pattern EMERG = Pattern.compile("\\[emerg]\\s+(.*?)(?: in (\\S+):(\\d+))?$");
    /**
     * The file lock serialises processes; within one process two threads (a command, and the
     * parked-folder watch) must not both ask for it: the JDK throws instead of waiting.
     */
    private static final Object IN_PROCESS = new Object();

    private final ServiceRegistry registry;
    private final Duration reloadTimeout;

    public NginxReloader(ServiceRegistry registry, Duration reloadTimeout) {
        this.registry = registry;
        this.reloadTimeout = reloadTimeout;
    }

    /** What an apply did. */
    public enum Outcome {
        /** The running nginx reloaded and serves the new sites. */
        RELOADED,
        /** nginx is not running: the file was checked and written; the next start uses it. */
        WRITTEN,
        /** nginx is not installed: nothing could be checked; the next start renders afresh. */
        NOT_INSTALLED
    }

    /**
     * Checks {@code rendered} with {@code nginx -t} and, when it passes, makes it {@code web}'s live
     * sites file and reloads a running nginx.
     *
     * @throws SiteException when nginx rejects it (naming the site) or the reload does not take
     *                       effect in time (the previous file is then put back)
     */
    public Outcome apply(NginxManager web, SiteRenderer.Rendered rendered) {
        Optional<Installation> installation = web.installation();
        if (installation.isEmpty()) {
            return Outcome.NOT_INSTALLED;
        }
        return locked(web, "apply", () -> applyLocked(web, installation.get(), rendered));
    }

    /**
     * Checks {@code rendered} with {@code nginx -t} without applying it (before a config edit, so a
     * change nginx would reject never reaches stackyard.yaml). Does nothing when nginx is not installed.
     *
     * @throws SiteException when nginx rejects it, naming the site
     */
    public void check(NginxManager web, SiteRenderer.Rendered rendered) {
        Optional<Installation> installation = web.installation();
        if (installation.isEmpty()) {
            return;
        }
        locked(web, "check", () -> {
            if (!Files.exists(web.configFile())) {
                web.prepare(installation.get(), line -> { });
            }
            Path candidate = web.prefix().resolve("sites.conf.new");
            writeWhole(candidate, rendered.text());
            check(web, installation.get(), candidate, rendered.text());
            Files.deleteIfExists(candidate);
            return null;
        });
    }

    /** Work on {@code web}'s sites file that no other thread or Stackyard process may do at the same time. */
    @FunctionalInterface
    private interface Locked<T> {
        T run() throws IOException;
    }

    private static <T> T locked(NginxManager web, String what, Locked<T> work) {
        try {
            Files.createDirectories(web.prefix());
            synchronized (IN_PROCESS) {
                try (FileChannel channel = FileChannel.open(web.prefix().resolve("sites.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = channel.lock();
                    try {
                        return work.run();
                    } finally {
                        lock.release();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot " + what + " the sites of " + web.id(), e);
        }
    }

    private Outcome applyLocked(NginxManager web, Installation installation, SiteRenderer.Rendered rendered)
            throws IOException {
        boolean running = registry.snapshot(web.id()).map(ServiceSnapshot::state).orElse(null) == ServiceState.RUNNING;
        if (!running || !Files.exists(web.configFile())) {
            // Lay out the prefix (mime.types, fastcgi_params, temp folders) the check needs.
            web.prepare(installation, line -> { });
        }
        Path candidate = web.prefix().resolve("sites.conf.new");
        writeWhole(candidate, rendered.text());
        check(web, installation, candidate, rendered.text());
        String previous = Files.exists(web.sitesFile()) ? Files.readString(web.sitesFile()) : null;
        PrivateFiles.refuseLink(web.sitesFile());
        Files.move(candidate, web.sitesFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Long master = registry.snapshot(web.id()).map(ServiceSnapshot::pid).orElse(null);
        List<ProcFs.Stat> oldWorkers = master == null ? List.of() : ProcFs.descendants(master);
        if (!running || !registry.signal(web.id(), Signal.HUP)) {
            return Outcome.WRITTEN;
        }
        if (awaitReload(web.port(), rendered.generation(), oldWorkers)) {
            return Outcome.RELOADED;
        }
        if (previous != null) {
            writeWhole(web.sitesFile(), previous);
        }
        List<String> tail = LogFiles.tail(web.logFile(), 10);
        String said = tail.stream().map(EMERG::matcher).filter(Matcher::find).map(m -> m.group(1)).reduce((a, b) -> b)
                .map(s -> ": nginx said: " + s).orElse("; see its log");
        throw new SiteException(web.id() + " did not take the new sites within " + reloadTimeout.toSeconds()
                + " s and keeps serving the previous ones" + said, tail);
    }

    /** {@code nginx -t} on a copy of nginx.conf that includes {@code candidate}. */
    private void check(NginxManager web, Installation installation, Path candidate, String text) throws IOException {
        Path conf = web.prefix().resolve("nginx-check.conf");
        Path pid = web.prefix().resolve("nginx-check.pid");
        // Its own PID file: nginx -t creates an empty one, which must never be the live one.
        writeWhole(conf, web.renderConfig(pid, candidate));
        Files.createDirectories(web.accessLogFile().getParent()); // nginx -t opens the access log
        try {
            OneShotCommand.Result r = OneShotCommand.run(List.of(installation.binary().toString(), "-t", "-q",
                    "-p", web.prefix().toAbsolutePath() + "/", "-c", conf.toAbsolutePath().toString(), "-e", "stderr"),
                    web.prefix(), CHECK_TIMEOUT);
            if (!r.ok()) {
                Files.deleteIfExists(candidate);
                throw rejection(web, r.output(), candidate, text);
            }
        } finally {
            Files.deleteIfExists(conf);
            Files.deleteIfExists(pid);
        }
    }

    private static SiteException rejection(NginxManager web, List<String> output, Path candidate, String text) {
        for (String line : output) {
            Matcher m = EMERG.matcher(line);
            if (m.find()) {
                Optional<String> site = Optional.empty();
                Optional<String> ownLine = Optional.empty();
                if (m.group(2) != null && Path.of(m.group(2)).getFileName().equals(candidate.getFileName())) {
                    site = SiteRenderer.siteAtLine(text, Integer.parseInt(m.group(3)));
                    ownLine = SiteRenderer.ownLineAt(text, Integer.parseInt(m.group(3)));
                }
                if (site.isEmpty()) {
                    site = SiteRenderer.siteMentioned(text, m.group(1));
                }
                String where = ownLine.map(at -> " (its nginx lines, " + at + ")").orElse("");
                return new SiteException("nginx rejected the new sites of " + web.id()
                        + site.map(name -> " because of site " + name + where).orElse("") + ": " + m.group(1)
                        + "; the running sites keep serving as before", output);
            }
        }
        return new SiteException("nginx rejected the new sites of " + web.id()
                + "; the running sites keep serving as before", output);
    }

    /**
     * Waits until the reload has taken effect: a new worker answers {@code generation}, and every
     * worker of the old config has stopped accepting connections (exited, or titled "shutting
     * down", which an nginx worker does once it has closed its listening sockets on QUIT). Until
     * then an old worker could still take a new connection and serve the old sites.
     */
    private boolean awaitReload(int port, String generation, List<ProcFs.Stat> oldWorkers) {
        long deadline = System.nanoTime() + reloadTimeout.toNanos();
        long backoff = Duration.ofMillis(1).toNanos();
        boolean answered = false;
        while (System.nanoTime() < deadline) {
            answered = answered || GenerationProbe.current(port, PROBE_ATTEMPT).filter(generation::equals).isPresent();
            if (answered && oldWorkers.stream().allMatch(NginxReloader::stoppedAccepting)) {
                return true;
            }
            // nginx gives no notice of a finished reload; look again with a short back-off, as a readiness probe does.
            LockSupport.parkNanos(backoff);
            backoff = Math.min(backoff * 2, Duration.ofMillis(25).toNanos());
        }
        return false;
    }

    private static boolean stoppedAccepting(ProcFs.Stat worker) {
        Optional<ProcFs.Stat> now = ProcFs.stat(worker.pid());
        if (now.isEmpty() || now.get().startTicks() != worker.startTicks() || now.get().isZombie()) {
            return true;
        }
        try {
            String title = new String(Files.readAllBytes(Path.of("/proc", Long.toString(worker.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
            return !title.contains("worker process") || title.contains("shutting down");
        } catch (IOException e) {
            return true; // gone between the two reads
        }
    }

    /** A rendered file, whole or not at all and never through a link; nginx's master reads it. */
    private static void writeWhole(Path file, String text) throws IOException {
        PrivateFiles.writeWhole(file, text.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rw-r--r--"));
    }
}
