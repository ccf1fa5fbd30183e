package dev.stackyard.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private session bus for one test (or the benchmark): Debian's {@code dbus-daemon --session --nofork
 * --print-address}, stopped by its PID on {@link #close()}.
 */
public final class PrivateBus implements AutoCloseable {
    private final Process daemon;
    private final String address;

    private PrivateBus(Process daemon, String address) {
        this.daemon = daemon;
        this.address = address;
    }

    public static PrivateBus start() throws IOException {
        Process p = new ProcessBuilder(List.of("dbus-daemon", "--session", "--nofork", "--print-address=1"))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine(); // printed once the bus listens
        if (line == null || line.isBlank()) {
            p.destroyForcibly();
            throw new IOException("dbus-daemon printed no address (exit " + (p.isAlive() ? "-" : p.exitValue()) + ")");
        }
        return new PrivateBus(p, line.strip());
    }

    public String address() {
        return address;
    }

    long pid() {
        return daemon.pid();
    }

    @Override
    public void close() {
        daemon.destroy(); // SIGTERM to its PID
        try {
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            daemon.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
