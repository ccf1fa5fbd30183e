package dev.stackyard.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A private X server for one test: Xvfb on a display it picks itself, stopped by its PID. */
final class Xvfb implements AutoCloseable {
    private final Process process;
    private final String display;

    private Xvfb(Process process, String display) {
        this.process = process;
        this.display = display;
    }

    /** Starts Xvfb and returns once it accepts connections (it prints its display number then). */
    static Xvfb start() throws IOException {
        Process p = new ProcessBuilder(List.of("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String n = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        if (n == null || n.isBlank()) {
            p.destroyForcibly();
            throw new IOException("Xvfb did not start");
        }
        return new Xvfb(p, ":" + n.strip());
    }

    String display() {
        return display;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Kills the server at once, as a crashed X server or a lost session would go. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
