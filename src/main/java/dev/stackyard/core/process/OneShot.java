package dev.stackyard.core.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A helper command that runs to completion: {@code initdb}, {@code postgres --version}, {@code id
 * postgres}. The one place Stackyard runs such commands; long-lived services go through {@link
 * ProcessManager}.
 *
 * <p>stdin is {@code /dev/null}; stdout and stderr are merged and captured (the last {@value
 * #KEPT_LINES} lines), and optionally appended to a log file as they come. The command is bounded
 * by a timeout: when it passes, the command and every process it forked are killed. To run as
 * another account, put the privilege-drop prefix ({@code setpriv ...  --}) in the argv.
 *
 * <p>Immutable; {@link #run()} may be called from any thread, any number of times. It blocks the
 * calling thread for as long as the command runs.
 */
public final class OneShot {
    static final int KEPT_LINES = 200;

    private final List<String> argv;
    private final Map<String, String> env;
    private final Path workDir;
    private final Duration timeout;
    private final Path appendTo;
    private final String label;

    private OneShot(List<String> argv, Map<String, String> env, Path workDir, Duration timeout, Path appendTo, String label) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.argv = List.copyOf(argv);
        this.env = Map.copyOf(env);
        this.workDir = workDir;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.appendTo = appendTo;
        this.label = label;
    }

    /** {@code argv} with this process's environment, working folder, and a 30 second timeout. */
    public static OneShot of(List<String> argv) {
        return new OneShot(argv, Map.of(), null, Duration.ofSeconds(30), null, null);
    }

    public static OneShot of(String... argv) {
        return of(List.of(argv));
    }

    /** Extra environment on top of this process's own. */
    public OneShot env(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(env);
        merged.putAll(extra);
        return new OneShot(argv, merged, workDir, timeout, appendTo, label);
    }

    public OneShot workDir(Path dir) {
        return new OneShot(argv, env, dir, timeout, appendTo, label);
    }

    public OneShot timeout(Duration limit) {
        return new OneShot(argv, env, workDir, limit, appendTo, label);
    }

    /**
     * Also appends a header line ({@code ---- stackyard TIME LABEL: ARGV}) and every output line to
     * {@code logFile} (created with its folder when missing), so the command's output sits in a
     * service's log with the service's own. {@code label} names the step ("initdb"), which the
     * argv may hide behind a privilege-drop prefix.
     */
    public OneShot appendOutputTo(Path logFile, String label) {
        return new OneShot(argv, env, workDir, timeout, logFile, label);
    }

    public List<String> argv() {
        return argv;
    }

    /** What a finished command did: its exit status and the last lines of its output. */
    public record Result(List<String> command, int exitCode, List<String> output) {
        public Result {
            command = List.copyOf(command);
            output = List.copyOf(output);
        }

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The last {@code n} lines of output. */
        public List<String> tail(int n) {
            return output.subList(Math.max(0, output.size() - n), output.size());
        }
    }

    /**
     * Runs the command and returns its result whatever its exit status.
     *
     * @throws Failed when it could not be run, did not finish in time (it is killed), or the calling
     *                thread was interrupted (it is killed, and the interrupt flag is set again)
     */
    public Result run() {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        builder.environment().putAll(env);
        OutputStream log = null;
        try {
            log = openLog();
            Process process = builder.start();
            Deque<String> lines = new ArrayDeque<>();
            OutputStream sink = log;
            // Read on a thread of its own: a command that stops writing but keeps the pipe open must
            // still be bounded by the timeout.
            Thread reader = Thread.ofVirtual().name("one-shot " + argv.getFirst()).start(() -> drain(process, lines, sink));
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
                reader.join(Duration.ofSeconds(5));
                throw new Failed(Failed.Reason.TIMED_OUT, argv, null, snapshot(lines),
                        String.join(" ", argv) + " did not finish within " + describe(timeout) + " and was killed", null);
            }
            reader.join(Duration.ofSeconds(5));
            return new Result(argv, process.exitValue(), snapshot(lines));
        } catch (IOException e) {
            throw new Failed(Failed.Reason.NOT_RUN, argv, null, List.of(),
                    "cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed(Failed.Reason.INTERRUPTED, argv, null, List.of(),
                    "interrupted while " + argv.getFirst() + " ran", e);
        } finally {
            closeQuietly(log);
        }
    }

    /**
     * Runs the command and requires exit status 0.
     *
     * @throws Failed as {@link #run()} does, and with reason {@link Failed.Reason#EXITED} for any other status
     */
    public Result runChecked() {
        Result result = run();
        if (!result.succeeded()) {
            throw new Failed(Failed.Reason.EXITED, argv, result.exitCode(), result.output(),
                    argv.getFirst() + " failed (exit " + result.exitCode() + ")", null);
        }
        return result;
    }

    private OutputStream openLog() throws IOException {
        if (appendTo == null) {
            return null;
        }
        Path parent = appendTo.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream out = Channels.newOutputStream(PrivateFiles.openForAppend(appendTo));
        out.write(("---- stackyard " + Instant.now() + " " + label + ": " + String.join(" ", argv) + System.lineSeparator())
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        return out;
    }

    private static void drain(Process process, Deque<String> lines, OutputStream log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.addLast(line);
                    if (lines.size() > KEPT_LINES) {
                        lines.removeFirst();
                    }
                }
                if (log != null) {
                    log.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
                    log.flush();
                }
            }
        } catch (IOException e) {
            // The pipe closed under us (the command was killed): what was read so far is kept.
        }
    }

    private static List<String> snapshot(Deque<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Kills the command and whatever it forked (initdb's bootstrap backend), and reaps it. */
    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
    }

    private static void closeQuietly(OutputStream out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // Nothing more to write; a failed close of an append-only log loses nothing.
            }
        }
    }

    private static String describe(Duration d) {
        return d.toSeconds() >= 60 && d.toSecondsPart() == 0 ? d.toMinutes() + " minutes"
                : d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * A one-shot command that did not succeed, carrying the command, its exit status (when it
     * exited) and the tail of its output.
     */
    public static final class Failed extends RuntimeException {
        public enum Reason {
            /** Could not be started (missing binary, bad working folder). */
            NOT_RUN,
            /** Exited with a status other than 0 (only from {@link #runChecked()}). */
            EXITED,
            /** Did not finish in time; killed. */
            TIMED_OUT,
            /** The waiting thread was interrupted; killed. */
            INTERRUPTED
        }

        private final Reason reason;
        private final List<String> command;
        private final Integer exitCode;
        private final List<String> outputTail;

        public Failed(Reason reason, List<String> command, Integer exitCode, List<String> output, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
            this.command = List.copyOf(command);
            this.exitCode = exitCode;
            this.outputTail = List.copyOf(output.subList(Math.max(0, output.size() - 20), output.size()));
        }

        public Reason reason() {
            return reason;
        }

        public List<String> command() {
            return command;
        }

        /** The exit status, or null when the command did not exit by itself. */
        public Integer exitCode() {
            return exitCode;
        }

        /** The last (at most 20) lines of its output. */
        public List<String> outputTail() {
            return outputTail;
        }
    }
}
