package dev.stackyard.core.process;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reading and writing PID files, which are only ever hints. */
public final class PidFiles {
    private PidFiles() {
    }

    /**
     * The PID a file names: its first line, digits only, from 2 up to the kernel's pid_max.
     * Empty for a missing file, an empty file, {@code -1}, {@code 0}, {@code 1}, letters or a
     * number past pid_max: all of those are stale by definition.
     */
    public static OptionalLong read(Path file) {
        try {
            return parse(PrivateFiles.readRecord(file));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    static OptionalLong parse(String content) {
        String first = content.lines().findFirst().orElse("").strip();
        if (first.isEmpty() || first.length() > 10 || !first.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long pid = Long.parseLong(first);
        if (pid <= 1 || pid > ProcFs.pidMax()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(pid);
    }

    static void write(Path file, long pid) throws IOException {
        try {
            StateFile.writeAtomically(file, pid + "\n");
        } catch (IOException e) {
            throw PrivateFiles.naming(file, e);
        }
    }
}
