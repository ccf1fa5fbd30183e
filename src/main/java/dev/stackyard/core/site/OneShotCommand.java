package dev.stackyard.core.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short helper command (openssl, {@code nginx -t}) to completion with a deadline and its
 * stdout and stderr captured together. A private stand-in for the process core's one-shot runner
 * (issue 8): switch to it once it exists.
 */
final class OneShotCommand {
    /** How it ended: exit code and the captured output lines. */
    record Result(int exitCode, List<String> output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private OneShotCommand() {
    }

    /**
     * @throws SiteException when the program cannot be started or does not finish within {@code timeout}
     *                       (it is then killed)
     */
    static Result run(List<String> argv, Path workDir, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("stackyard-cmd", ".out");
            Process p = new ProcessBuilder(argv).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new SiteException(argv.getFirst() + " did not finish within " + timeout.toSeconds() + " s",
                        Files.readAllLines(out));
            }
            return new Result(p.exitValue(), Files.readAllLines(out));
        } catch (IOException e) {
            throw new SiteException("cannot run " + argv.getFirst() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteException(argv.getFirst() + " was interrupted");
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
