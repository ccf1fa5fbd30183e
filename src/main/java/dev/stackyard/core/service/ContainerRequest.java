package dev.stackyard.core.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a {@link Kind} is told when it describes one service as a container for a Compose file
 * ({@link Kind#container}). Immutable.
 *
 * @param definition       the service, defaults applied
 * @param version          the version it runs now ("15", "8.2", "1.22"), or null when nothing is
 *                         installed and the config names none (see {@link #requireVersion})
 * @param passwordVariable the {@code .env} variable a generated password of this service goes in
 *                         ({@code PG_MAIN_PASSWORD}); a kind that uses it lists it in
 *                         {@link ContainerSpec.Image#secrets}
 * @param sites            nginx: the sites this service serves, with their container paths
 * @param addressOf        {@code HOST:PORT} at which another exported service answers inside the
 *                         Compose network (nginx asks for its php-fpm's), empty when it is not exported
 */
public record ContainerRequest(ServiceDefinition definition, String version, String passwordVariable,
                               List<Site> sites, Function<String, Optional<String>> addressOf) {

    public ContainerRequest {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(passwordVariable, "passwordVariable");
        sites = List.copyOf(sites);
        Objects.requireNonNull(addressOf, "addressOf");
    }

    /**
     * One site of an nginx service as the container sees it.
     *
     * @param name          the site's DNS label
     * @param hostDir       the project folder on this machine (bind-mounted)
     * @param containerDir  where that folder is mounted in the containers that need it
     * @param containerRoot the web root inside the container ({@code containerDir/public}, say)
     * @param php           id of the php-fpm service that runs its scripts, or null
     */
    public record Site(String name, Path hostDir, String containerDir, String containerRoot, String php) {
    }

    /** The version, or a ServiceException saying how to name one when there is none. */
    public String requireVersion() {
        if (version == null) {
            throw new ServiceException(definition.id(), definition.id() + " cannot be exported: no "
                    + definition.kind() + " is installed and the config names no version; set one (version: ...)");
        }
        return version;
    }
}
