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
 * @param password   redis: require a password (generated once, kept in a 0600 file, carried in the URL)
 * @param mail       mail: its web/API port, how many messages it keeps and its size limit; null for other kinds
 * @param dependsOn  ids of services that must be running before this one starts (and that stop
 *                   after it); nginx's {@code php} is added by the kind, not listed here
 * @param supervision restart policy, health checks and log cap (never null; defaults applied)
 *
 * <p>Build instances with {@link #builder(String, ServiceKind)} or {@link #of}, never with the
 * canonical constructor: fields are added as features grow, and the builder keeps every call site
 * compiling when they are.
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
        boolean password,
        MailSettings mail,
        List<String> dependsOn,
        SupervisionPolicy supervision) {

    public ServiceDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        supervision = supervision == null ? SupervisionPolicy.DEFAULT : supervision;
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    /** The same definition with another supervision policy. */
    public ServiceDefinition withSupervision(SupervisionPolicy policy) {
        return toBuilder().supervision(policy).build();
    }

    /** A definition with only id, kind and port set; the rest defaulted. Handy for tests and {@code add}. */
    public static ServiceDefinition of(String id, ServiceKind kind, Integer port) {
        return builder(id, kind).port(port).build();
    }

    /** A builder with every optional field at its default (null, false or empty). */
    public static Builder builder(String id, ServiceKind kind) {
        return new Builder(id, kind);
    }

    /** A builder holding this definition's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(id, kind).version(version).port(port).autostart(autostart).stopSignal(stopSignal)
                .stopTimeout(stopTimeout).root(root).php(php).command(command).workDir(workDir).env(env)
                .readiness(readiness).dataDir(dataDir).password(password).mail(mail).dependsOn(dependsOn).supervision(supervision);
    }

    /** Sets fields one by one; {@link #build()} applies the record's checks. Not thread-safe. */
    public static final class Builder {
        private final String id;
        private final ServiceKind kind;
        private String version;
        private Integer port;
        private boolean autostart;
        private Signal stopSignal;
        private Duration stopTimeout;
        private Path root;
        private String php;
        private List<String> command = List.of();
        private Path workDir;
        private Map<String, String> env = Map.of();
        private ProcessReadiness readiness;
        private Path dataDir;
        private boolean password;
        private MailSettings mail;
        private List<String> dependsOn = List.of();
        private SupervisionPolicy supervision = SupervisionPolicy.DEFAULT;

        private Builder(String id, ServiceKind kind) {
            this.id = id;
            this.kind = kind;
        }

        public Builder version(String value) {
            version = value;
            return this;
        }

        public Builder port(Integer value) {
            port = value;
            return this;
        }

        public Builder autostart(boolean value) {
            autostart = value;
            return this;
        }

        public Builder stopSignal(Signal value) {
            stopSignal = value;
            return this;
        }

        public Builder stopTimeout(Duration value) {
            stopTimeout = value;
            return this;
        }

        public Builder root(Path value) {
            root = value;
            return this;
        }

        public Builder php(String value) {
            php = value;
            return this;
        }

        public Builder command(List<String> value) {
            command = value;
            return this;
        }

        public Builder workDir(Path value) {
            workDir = value;
            return this;
        }

        public Builder env(Map<String, String> value) {
            env = value;
            return this;
        }

        public Builder readiness(ProcessReadiness value) {
            readiness = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        /** redis: require a generated password. */
        public Builder password(boolean value) {
            password = value;
            return this;
        }

        /** mail: its web/API port, what it keeps and its size limit. */
        public Builder mail(MailSettings value) {
            mail = value;
            return this;
        }

        public Builder dependsOn(List<String> value) {
            dependsOn = value;
            return this;
        }

        /** Restart policy, health checks and log cap; {@link SupervisionPolicy#DEFAULT} unless set. */
        public Builder supervision(SupervisionPolicy value) {
            supervision = value;
            return this;
        }

        public ServiceDefinition build() {
            return new ServiceDefinition(id, kind, version, port, autostart, stopSignal, stopTimeout, root, php,
                    command, workDir, env, readiness, dataDir, password, mail, dependsOn, supervision);
        }
    }

    /**
     * The keys of a {@code mail} service; a null component is absent from the config (the kind's
     * {@code withDefaults} fills them in).
     *
     * @param httpPort       the page's and API's TCP port on 127.0.0.1
     * @param keep           how many of the newest messages are kept
     * @param maxMessageSize the largest message accepted, in bytes
     */
    public record MailSettings(Integer httpPort, Integer keep, Long maxMessageSize) {
    }

    /**
     * How a {@code process} service shows it is ready: a TCP port on 127.0.0.1 that accepts, or a
     * line of its log matching a regular expression. Both null means "alive is ready".
     */
    public record ProcessReadiness(Integer tcpPort, String logLine) {
    }
}
