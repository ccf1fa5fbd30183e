package dev.stackyard.core.service.kind;

import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.testing.Daemons;
import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.ProcessInfo;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.testing.TestPorts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;


/**
 * A temporary Stackyard home with a real process manager, for the nginx and php-fpm tests. Every
 * process started through {@link #start} is stopped by {@link #close()}.
 */
public final class WebKindsTestSupport implements AutoCloseable {
    public static final Duration STOP_DEADLINE = Duration.ofSeconds(20);

    public final Path home;
    public final ServiceEnvironment env;
    public final ProcessManager processManager;

    public WebKindsTestSupport(Path home) {
        this.home = home;
        try {
            java.nio.file.Files.createDirectories(home);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        dev.stackyard.testing.Passable.upTo(home);
        this.env = new ServiceEnvironment(home.resolve("data"), home.resolve("run"), home.resolve("logs"),
                Installations.load(home.resolve("data/bundles")));
        this.processManager = new ProcessManager(env.processStateDir());
    }

    public static ServiceDefinition nginx(String id, int port, Path root, String php) {
        return ServiceDefinition.builder(id, ServiceKind.named("nginx")).port(port).root(root).php(php).build();
    }

    public static ServiceDefinition phpFpm(String id) {
        return ServiceDefinition.of(id, ServiceKind.named("php-fpm"), null);
    }

    /**
     * The installation of the manager's kind; skips the test when it is not installed, and fails it
     * naming the daemon when {@code CI=true} (see {@link Daemons}).
     */
    public static Installation installedOrSkip(ServiceManager manager) {
        Daemons.require(manager.definition().kind());
        return manager.installation().orElseThrow(() -> new AssertionError(manager.notInstalledHint()));
    }

    /** A free port somewhere in 20000..49999, so tests running side by side rarely meet. */
    public static int freePort() {
        return TestPorts.free();
    }

    /** prepare + start, the way the registry does it. */
    public ProcessInfo start(ServiceManager manager) {
        ServiceManager.Launch launch = manager.prepare(installedOrSkip(manager), line -> { });
        return processManager.start(launch.spec(), launch.readiness(), launch.readyTimeout());
    }

    /** Live processes whose working folder is {@code dir} (the daemons run in their run folder). */
    public static List<ProcFs.Stat> processesIn(Path dir) throws IOException {
        Path target = dir.toRealPath();
        return ProcFs.all().stream()
                .filter(s -> !s.isZombie() && ProcFs.cwd(s.pid()).map(target::equals).orElse(false))
                .toList();
    }

    /** True while a process with this PID and start time exists (a reused PID does not count). */
    public static boolean alive(ProcFs.Stat process) {
        return ProcFs.stat(process.pid())
                .filter(s -> s.startTicks() == process.startTicks() && !s.isZombie())
                .isPresent();
    }

    /**
     * Waits until {@code condition} holds, checking it every few milliseconds up to {@code timeout},
     * for things that offer nothing to block on (a line another process writes to a file).
     */
    public static void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    public record HttpResponse(int status, String headers, String body) {
    }

    /** One HTTP/1.0 GET on 127.0.0.1 over a plain socket, connection closed afterwards. */
    public static HttpResponse get(int port, String path) throws IOException {
        return get(port, "127.0.0.1:" + port, path);
    }

    /** The same with this Host header (a site's name). */
    public static HttpResponse get(int port, String host, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(answer);
            String text = answer.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IOException("not an HTTP answer: " + text);
            }
            String headers = text.substring(0, end);
            int status = Integer.parseInt(headers.split(" ", 3)[1]);
            return new HttpResponse(status, headers, text.substring(end + 4));
        }
    }

    @Override
    public void close() {
        try {
            processManager.stopAll(STOP_DEADLINE);
        } finally {
            processManager.close();
        }
    }
}
