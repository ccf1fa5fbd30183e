package dev.stackyard.core.site;

import dev.stackyard.core.process.OneShot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The sites' helper commands (openssl, {@code nginx -t}, certutil) through the process core's
 * {@link OneShot}, with its failures (cannot run, timed out) as {@link SiteException}s.
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
        try {
            OneShot.Result r = OneShot.of(argv).workDir(workDir).timeout(timeout).run();
            return new Result(r.exitCode(), r.output());
        } catch (OneShot.Failed e) {
            throw new SiteException(e.getMessage(), e.outputTail());
        }
    }
}
