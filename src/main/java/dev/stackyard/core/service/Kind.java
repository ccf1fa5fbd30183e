package dev.stackyard.core.service;

import dev.stackyard.core.process.StopPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything Stackyard knows about one kind of service, in one place: the config keys it accepts,
 * its defaults (port, stop ladder, ready timeout), the services it implies a dependency on, whether
 * it keeps data, and the factory of its {@link ServiceManager} (which renders its config, builds its
 * command, and holds its readiness probe and URL). Config validation ({@code ConfigReader}), the
 * manager factory ({@link ServiceManagers}) and the registry's start order read from here.
 *
 * <p>One implementation per kind, in its own package {@code dev.stackyard.core.service.kind.NAME},
 * registered by one constant of {@link ServiceKind}. See {@code docs/adding-a-kind.md}.
 * Implementations are immutable and stateless.
 */
public interface Kind {

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
     * Keys whose value names another service, with the kind that service must be (nginx:
     * {@code php} names a php-fpm service). The config checks them; the named services are
     * implied dependencies (see {@link #impliedDependencies}).
     */
    default Map<String, ServiceKind> references() {
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
