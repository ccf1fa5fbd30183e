package dev.stackyard.core.service;

import dev.stackyard.core.process.Signal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One configured service, with every default already applied by the config layer.
 *
 * <p>Fields that do not apply to a kind are {@code null} (or empty for collections). {@code version}
 * is {@code null} when the newest installed version should be used. {@code stopSignal} and
 * {@code stopTimeout} are {@code null} when the kind's own stop ladder applies unchanged.
 *
 * @param id         unique, {@code [a-z0-9-]+}
 * @param kind       what runs
 * @param version    requested version ("15", "8.2", "7.0"), or null for the newest installed
 * @param port       TCP port on 127.0.0.1 (null for php-fpm, which listens on a unix socket, and for
 *                   a process without one)
 * @param autostart  start when the window opens
 * @param stopSignal first signal of the stop ladder, overriding the kind's
 * @param stopTimeout grace period after the first signal, overriding the kind's
 * @param root       nginx: document root
 * @param php        nginx: id of the php-fpm service that runs {@code *.php}, or null
 * @param command    process: argv, never a shell string
 * @param workDir    process: working directory, or null for the service's run folder
 * @param env        process: extra environment
 * @param readiness  process: how to tell it is ready (null: alive is ready)
 * @param dataDir    postgres/redis: data directory, or null for the default under the data folder
 * @param supervision restart policy, health checks and log cap (never null; defaults applied)
 */
public record ServiceDefinition(
        String id,
        ServiceKind kind,
        String version,
        Integer port,
        boolean autostart,
        Signal stopSignal,
        Duration stopTimeout,
        Path root,
        String php,
        List<String> command,
        Path workDir,
        Map<String, String> env,
        ProcessReadiness readiness,
        Path dataDir,
        SupervisionPolicy supervision) {

    public ServiceDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        supervision = supervision == null ? SupervisionPolicy.DEFAULT : supervision;
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** A definition with the default {@link SupervisionPolicy}. */
    public ServiceDefinition(String id, ServiceKind kind, String version, Integer port, boolean autostart,
                             Signal stopSignal, Duration stopTimeout, Path root, String php, List<String> command,
                             Path workDir, Map<String, String> env, ProcessReadiness readiness, Path dataDir) {
        this(id, kind, version, port, autostart, stopSignal, stopTimeout, root, php, command, workDir, env,
                readiness, dataDir, SupervisionPolicy.DEFAULT);
    }

    /** The same definition with another supervision policy. */
    public ServiceDefinition withSupervision(SupervisionPolicy policy) {
        return new ServiceDefinition(id, kind, version, port, autostart, stopSignal, stopTimeout, root, php, command,
                workDir, env, readiness, dataDir, policy);
    }

    /** A definition with only id, kind and port set; the rest defaulted. Handy for tests and {@code add}. */
    public static ServiceDefinition of(String id, ServiceKind kind, Integer port) {
        return new ServiceDefinition(id, kind, null, port, false, null, null, null, null,
                List.of(), null, Map.of(), null, null);
    }

    /**
     * How a {@code process} service shows it is ready: a TCP port on 127.0.0.1 that accepts, or a
     * line of its log matching a regular expression. Both null means "alive is ready".
     */
    public record ProcessReadiness(Integer tcpPort, String logLine) {
    }
}
