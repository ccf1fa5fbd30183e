package dev.stackyard.core.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to run. Immutable.
 *
 * @param id      unique per manager, {@code [A-Za-z0-9._-]+}; names the state and PID files
 * @param argv    the command as a list; never passed through a shell
 * @param workDir working directory (created if missing)
 * @param env     variables added to the inherited environment
 * @param logFile stdout and stderr are appended here
 * @param pidFile the PID file the daemon writes itself, or {@code null} when it writes none (the
 *                manager then writes one of its own in its state folder). Always only a hint.
 * @param stopPolicy the ladder {@link ProcessManager#stop} walks
 */
public record ProcessSpec(String id, List<String> argv, Path workDir, Map<String, String> env,
                          Path logFile, Path pidFile, StopPolicy stopPolicy) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]+");

    public ProcessSpec {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("process id must match " + ID + ": " + id);
        }
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("process " + id + " has an empty command");
        }
        Objects.requireNonNull(workDir, "workDir");
        env = env == null ? Map.of() : Map.copyOf(env);
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(stopPolicy, "stopPolicy");
    }
}
