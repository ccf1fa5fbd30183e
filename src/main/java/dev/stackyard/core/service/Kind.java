package dev.stackyard.core.service;

import dev.stackyard.core.process.StopPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything Stackyard knows about one kind of service, in one place: the config keys it accepts,
 * its defaults (port, stop ladder, ready timeout), the services it implies a dependency on, whether
 * it keeps data, and the factory of its {@link ServiceManager} (which renders its config, builds its
 * command, and holds its readiness probe and URL). Config validation ({@code ConfigReader}), the
 * manager factory ({@link ServiceManagers}) and the registry's start order read from here.
 *
 * <p>The rest of the app asks the descriptor ({@link #versions}, {@link #opensPage}, {@link #keepsData},
 * {@link #instances}, {@link #servesSites}, {@link #mailbox}) instead of comparing against a particular kind.
 *
 * <p>One implementation per kind, in its own package {@code dev.stackyard.core.service.kind.NAME},
 * registered as a {@link java.util.ServiceLoader} provider: one line naming the class in
 * {@code META-INF/services/dev.stackyard.core.service.Kind} (see {@link ServiceKind}). See
 * {@code docs/adding-a-kind.md}. Implementations are immutable and stateless, with a public
 * no-argument constructor that looks up nothing (in particular no other {@link ServiceKind}).
 */
public interface Kind {

    /**
     * The kind's name as written in {@code stackyard.yaml} and on the command line
     * ({@code postgres}, {@code php-fpm}): lowercase letters, digits and dashes, unique.
     */
    String name();

    /** A person's name for the kind in sentences and dialogs ("PostgreSQL"); {@link #name} by default. */
    default String title() {
        return name();
    }

    /**
     * Where the kind's versions come from: none (the user's own command), the system's paths only,
     * or also builds installable from a Maven repository. Everything but {@link VersionSource#NONE}
     * has a {@code bundles/NAME.properties} manifest saying where the binary is
     * ({@link Installations}).
     */
    default VersionSource versions() {
        return VersionSource.SYSTEM;
    }

    /**
     * Where a kind's versions come from.
     */
    enum VersionSource {
        /** No version of ours: the binary is the user's own command. */
        NONE,
        /** Installed on the system (or copied under {@code DATA/bundles/NAME/}) only. */
        SYSTEM,
        /**
         * Also installable by {@code stackyard install}: the kind's descriptor also implements
         * {@code core.bundle.MavenBuilds}, which names the artifact and unpacks it.
         */
        SYSTEM_AND_MAVEN;

        public boolean versioned() {
            return this != NONE;
        }
    }

    /** Whether the service's {@code url} is a page a person opens in the browser (nginx), not an address to copy. */
    default boolean opensPage() {
        return false;
    }

    /**
     * Where a service of this kind keeps the mail it catches (a mail catcher), for the Mail tab,
     * new-mail notices and {@code stackyard mail}: the base of its Mailpit-v1-shaped HTTP API and
     * the folder its messages are written to. Empty for every kind that catches no mail.
     *
     * @param definition the service, with the kind's defaults applied
     * @param env        where Stackyard's folders are (the messages' folder is under its data folder)
     */
    default Optional<Mailbox> mailbox(ServiceDefinition definition, ServiceEnvironment env) {
        return Optional.empty();
    }

    /**
     * A mail catcher's mailbox.
     *
     * @param api    the HTTP API's base, e.g. {@code http://127.0.0.1:8025/} ({@code api/v1/...} resolves against it)
     * @param folder the folder holding the messages ({@code DATA/mail/ID}); may not exist before the first start
     */
    record Mailbox(java.net.URI api, Path folder) {
    }

    /**
     * Whether services of this kind catch the mail apps send (mail): PHP's {@code sendmail_path}
     * hands messages to the first such service, over SMTP on its {@code port}.
     */
    default boolean catchesMail() {
        return false;
    }

    /**
     * Whether services of this kind serve the linked and parked sites (nginx): the sites code
     * renders their virtual hosts and starts the php-fpm services the sites use before them.
     */
    default boolean servesSites() {
        return false;
    }

    /**
     * How new services of this kind are made, when several of them are normal (postgres, redis:
     * one per project) and {@code stackyard add} and the window's Add dialog offer it; empty for
     * kinds configured by hand.
     */
    default Optional<Instances> instances() {
        return Optional.empty();
    }

    /**
     * A new instance as {@code stackyard add} and the Add dialog make it, from the plain definition
     * (id, version, port): the kind's own defaults for new services on top (redis: a password).
     * Only new services get them; an existing config entry is read as written.
     */
    default ServiceDefinition newInstance(ServiceDefinition definition) {
        return definition;
    }

    /**
     * How a new instance is made.
     *
     * @param firstPort where the search for a free port starts (postgres: 5432)
     * @param dataFolder the folder under Stackyard's data folder that holds one folder per instance
     *                   ({@code postgres}: {@code DATA/postgres/ID}); null when the kind keeps no data
     * @param what      a one-line description for the Add dialog ("a PostgreSQL server with its own data folder")
     */
    record Instances(int firstPort, String dataFolder, String what) {
        /** The data folder of instance {@code id} when its config names none. */
        public Path defaultDataDir(Path dataRoot, String id) {
            return dataRoot.resolve(dataFolder).resolve(id);
        }
    }

    /**
     * Keys every service entry accepts, whatever its kind. A key that applies to every kind (a
     * supervision policy, say) is added here and to the config DTO, nowhere else.
     */
    Set<String> COMMON_KEYS = Set.of("id", "kind", "port", "autostart", "stopSignal", "stopTimeout", "dependsOn",
            "restart", "backoff", "maxRestarts", "health", "logs");

    /** Keys this kind accepts on top of {@link #COMMON_KEYS} ({@code root}, {@code php}, {@code dataDir}, ...). */
    Set<String> keys();

    /**
     * Keys this kind cannot do without, each with the sentence that says what to write (e.g.
     * process: {@code command}).
     */
    default Map<String, String> requiredKeys() {
        return Map.of();
    }

    /** How the kind uses {@code port}. */
    PortUse port();

    /**
     * How a kind uses the {@code port} key.
     *
     * @param use     whether a port must, may or must not be given
     * @param example a typical port for messages ("e.g. port: 6379"); null unless required
     * @param whyNot  why a port must not be given; null unless forbidden
     */
    record PortUse(Use use, Integer example, String whyNot) {
        public enum Use { REQUIRED, OPTIONAL, FORBIDDEN }

        public static PortUse required(int example) {
            return new PortUse(Use.REQUIRED, example, null);
        }

        public static PortUse optional() {
            return new PortUse(Use.OPTIONAL, null, null);
        }

        public static PortUse forbidden(String why) {
            return new PortUse(Use.FORBIDDEN, null, why);
        }
    }

    /** The kind's stop ladder (the config's stopSignal/stopTimeout override its first rung). */
    StopPolicy stopLadder();

    /** How long a start may take to become ready. */
    Duration readyTimeout();

    /**
     * Keys whose value names another service, with the name of the kind that service must be
     * (nginx: {@code php} names a {@code php-fpm} service). The config checks them; the named services are
     * implied dependencies (see {@link #impliedDependencies}).
     */
    default Map<String, String> references() {
        return Map.of();
    }

    /**
     * Services this one needs running first because of what its own keys say (nginx: its
     * {@code php} service), on top of the definition's {@code dependsOn}.
     */
    default List<String> impliedDependencies(ServiceDefinition definition) {
        return List.of();
    }

    /** The definition with this kind's defaults applied (nginx: its root is {@code DATA/www}). */
    default ServiceDefinition withDefaults(ServiceDefinition definition, Path dataDir) {
        return definition;
    }

    /** Whether the kind keeps data that {@code remove --delete-data} deletes. */
    boolean keepsData();

    /** The manager that runs one service of this kind. */
    ServiceManager manager(ServiceDefinition definition, ServiceEnvironment env);

    /**
     * The service as a container of an official image, for {@code stackyard export compose}: image and
     * tag for {@code request.version()}, port, data folder, healthcheck, password variables. By
     * default a kind cannot be exported.
     *
     * @throws ServiceException when the service cannot be described (no version known)
     */
    default ContainerSpec container(ContainerRequest request) {
        return new ContainerSpec.None("Stackyard knows no container image for this kind yet");
    }
}
