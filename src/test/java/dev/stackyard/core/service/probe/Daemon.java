package dev.stackyard.core.service.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A real daemon started by a test, with stdout and stderr merged and kept. Stopped by its own
 * Process handle (TERM, then KILL after a grace period), never by name.
 */
final class Daemon implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private Daemon(String name, Process process) {
        this.name = name;
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // Stream closed when the process went away.
            }
            synchronized (lines) {
                lines.add(null); // end of output
                lines.notifyAll();
            }
        });
    }

    static Daemon start(String name, Path workDir, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        return new Daemon(name, builder.start());
    }

    long pid() {
        return process.pid();
    }

    /** Waits for an output line matching {@code pattern}; fails with the output so far otherwise. */
    void awaitOutput(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    String line = lines.get(seen);
                    if (line == null) {
                        throw new AssertionError(name + " exited (" + exitCode() + ") before printing /"
                                + pattern + "/:\n" + output());
                    }
                    if (pattern.matcher(line).find()) {
                        return;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + " did not print /" + pattern + "/ within " + timeout + ":\n" + output());
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines.stream().filter(l -> l != null).toList());
        }
    }

    private String exitCode() throws InterruptedException {
        process.waitFor(2, TimeUnit.SECONDS); // output ends a moment before the exit is reaped
        return process.isAlive() ? "still alive" : "exit " + process.exitValue();
    }

    /** Stops it and waits until it is gone; idempotent. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            process.waitFor();
        }
        reader.join(Duration.ofSeconds(5));
    }

    /** {@link #stop}; an interrupt cuts the wait short, kills the daemon and stays set. */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static boolean installed(String executable) {
        return Files.isExecutable(Path.of(executable));
    }

    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
