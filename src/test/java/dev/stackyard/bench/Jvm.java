package dev.stackyard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs separate programs (mostly JVMs) and times them from spawn. */
final class Jvm {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    private Jvm() {
    }

    record Result(List<String> command, int code, String out, String err, double ms) {
    }

    /**
     * A run that printed {@code line} after {@code ms} from spawn; {@code line} is null when it never
     * did, and then {@code timedOut} tells whether it was still running at the limit (and was killed).
     */
    record Marker(String line, double ms, boolean timedOut, Integer code, String err) {
    }

    /** Runs to completion; output goes to files so no pipe can stall the program. */
    static Result run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "run", ".out");
        Path err = Files.createTempFile(dir, "run", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + RUN_LIMIT);
            }
            long t1 = System.nanoTime();
            return new Result(command, p.exitValue(), Files.readString(out), Files.readString(err), RawDaemon.ms(t1 - t0));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Spawns and waits for a stdout line starting with {@code prefix} (timed from spawn). After the
     * line, gives the program 15 s to exit by itself; without it, kills it (and its descendants) at
     * {@code limit}.
     */
    static Marker runUntil(List<String> command, Path dir, Map<String, String> env, String prefix, Duration limit)
            throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "marker", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            long t0 = System.nanoTime();
            Process p = pb.start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String found = null;
                long seenAt = 0;
                long deadline = t0 + limit.toNanos();
                while (found == null) {
                    long left = deadline - System.nanoTime();
                    Optional<String> line = left > 0 ? readLine(out, Duration.ofNanos(left)) : Optional.empty();
                    if (line.isEmpty()) {
                        break;
                    }
                    if (line.get().startsWith(prefix)) {
                        found = line.get();
                        seenAt = System.nanoTime();
                    }
                }
                boolean timedOut = found == null && p.isAlive();
                if (timedOut || !p.waitFor(15, TimeUnit.SECONDS)) {
                    kill(p);
                }
                return new Marker(found, found == null ? 0 : RawDaemon.ms(seenAt - t0), timedOut,
                        p.isAlive() ? null : p.exitValue(), Files.readString(err));
            } finally {
                if (p.isAlive()) {
                    kill(p);
                }
            }
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** The next line; empty at the end of the stream (the program exited) or after {@code timeout}. */
    static Optional<String> readLine(BufferedReader reader, Duration timeout) throws InterruptedException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        }, r -> Thread.ofVirtual().start(r));
        try {
            return Optional.ofNullable(line.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
    }
}
