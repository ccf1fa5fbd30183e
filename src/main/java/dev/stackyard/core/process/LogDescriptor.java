package dev.stackyard.core.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A service's log, opened once for appending and never through a link, for the start line and
 * the child's stdout and stderr. ProcessBuilder can only open a redirect by name, so the child's
 * redirect names this process's own descriptor ({@code /proc/self/fd/N}), which reopens the very
 * file checked here: a link swapped in between the check and the spawn cannot redirect it.
 * Not thread-safe; close it once the child is spawned.
 */
final class LogDescriptor implements AutoCloseable {
    private static final int MODE_0600 = 0600;
    private final int fd;
    private final Path self;

    private LogDescriptor(int fd) {
        this.fd = fd;
        this.self = Path.of("/proc/self/fd/" + fd);
    }

    /**
     * Opens {@code log}, creating it 0600 when missing.
     *
     * @throws LinkRefusedException when {@code log} is a symbolic link
     */
    static LogDescriptor open(Path log) throws IOException {
        try {
            return new LogDescriptor(Native.openForAppendNoFollow(log.toAbsolutePath().toString(), MODE_0600));
        } catch (Native.NativeException e) {
            if (e.errno() == Native.ELOOP) {
                throw new LinkRefusedException(log);
            }
            throw new IOException("cannot open " + log + " (errno " + e.errno() + ")", e);
        }
    }

    /** Appends {@code text} (UTF-8) to the log. */
    void append(String text) throws IOException {
        Files.writeString(self, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** The redirect for a child's output: appends to the file opened here. */
    ProcessBuilder.Redirect redirect() {
        return ProcessBuilder.Redirect.appendTo(new File(self.toString()));
    }

    @Override
    public void close() {
        Native.close(fd);
    }
}
