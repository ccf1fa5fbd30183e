package dev.stackyard.core.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finding the program a command line will run, the way {@code execvp} does. */
public final class Executables {
    private Executables() {
    }

    /**
     * The executable {@code program} names: itself when it holds a '/', else the first match on
     * the {@code PATH} of {@code env} (or of this process when {@code env} has none).
     */
    public static Optional<Path> resolve(String program, Map<String, String> env) {
        if (program == null || program.isEmpty()) {
            return Optional.empty();
        }
        if (program.contains("/")) {
            Path p = Path.of(program);
            return isExecutableFile(p) ? Optional.of(p) : Optional.empty();
        }
        return findOn(env.getOrDefault("PATH", System.getenv("PATH")), program);
    }

    /** {@code program} on this process's PATH, else in the usual system folders. */
    static Optional<Path> findOnPath(String program) {
        Optional<Path> found = findOn(System.getenv("PATH"), program);
        return found.isPresent() ? found : findOn("/usr/bin:/bin:/usr/sbin:/sbin", program);
    }

    private static Optional<Path> findOn(String path, String program) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (isExecutableFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isExecutable(p) && !Files.isDirectory(p);
    }
}
