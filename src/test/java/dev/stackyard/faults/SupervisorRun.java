package dev.stackyard.faults;

import dev.stackyard.cli.CliProcess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stackyard run} as a separate JVM, its printed lines collected; a test waits for a line
 * (a gate on an event, with a deadline) and stops it with SIGTERM (it then stops its services).
 */
final class SupervisorRun {
    private static final Pattern PID = Pattern.compile(" PID (\\d+)");
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Object changed = new Object();
    private int awaited;

    SupervisorRun(Path home) throws IOException {
        process = CliProcess.startPiped(home, List.of(), "run");
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    synchronized (changed) {
                        changed.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    long pid() {
        return process.pid();
    }

    /** The first line after the last awaited one that contains {@code text}; waits up to 60 s. */
    String await(String text) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (changed) {
            while (true) {
                for (int i = awaited; i < lines.size(); i++) {
                    if (lines.get(i).contains(text)) {
                        awaited = i + 1;
                        return lines.get(i);
                    }
                }
                long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                if (left <= 0 || !process.isAlive() && awaited >= lines.size()) {
                    throw new AssertionError("`stackyard run` never printed '" + text + "'; printed: " + lines);
                }
                changed.wait(Math.min(left, 200));
            }
        }
    }

    static long pid(String line) {
        Matcher m = PID.matcher(line);
        if (!m.find()) {
            throw new AssertionError("no PID in " + line);
        }
        return Long.parseLong(m.group(1));
    }

    /** SIGTERM, then waits up to 60 s for it to have stopped its services and exited. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
