package dev.stackyard.core.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one service runs as a container in a Compose file, as its {@link Kind} describes it
 * ({@link Kind#container}): an {@link Image}, or {@link None} with the reason it cannot be.
 *
 * <p>Every string is Compose-interpolated: {@code ${VAR}} reads a variable of the {@code .env}
 * beside the file, and a literal {@code $} must be written {@code $$}.
 */
public sealed interface ContainerSpec {

    /** The first {@code parts} dot-separated parts of {@code version}: ("1.22.1", 2) is "1.22"; fewer when it has fewer. */
    static String leading(String version, int parts) {
        String[] split = version.split("\\.");
        return String.join(".", java.util.Arrays.asList(split).subList(0, Math.min(parts, split.length)));
    }

    /**
     * An official image that runs the service.
     *
     * @param image       name and tag, pinned to the version running now ({@code postgres:15})
     * @param port        the port the server listens on inside the container: the service's own
     *                    port is published on 127.0.0.1 to it, and other services reach it there;
     *                    null when it has none
     * @param dataPath    the folder inside the container that holds the service's data (a named
     *                    volume is mounted there), or null when it keeps none
     * @param command     the command replacing the image's, or empty for the image's own
     * @param environment variables set in the container (by name, sorted on output)
     * @param secrets     the {@code .env} variables that hold generated passwords this container reads
     * @param healthcheck the Compose {@code healthcheck.test}, the equivalent of the kind's
     *                    readiness probe: {@code ["CMD", ...]} or {@code ["CMD-SHELL", "..."]}
     * @param mounts      bind mounts of this service
     * @param peerMounts  bind mounts other services need too, by their id (php-fpm reads the
     *                    scripts nginx names by their container path)
     * @param files       files written beside the Compose file, by name, that {@code mounts} refer
     *                    to as {@code ./NAME}
     * @param morePorts   ports published besides {@code port}: this machine's port (on 127.0.0.1)
     *                    to the container's (mail: its web page)
     */
    record Image(String image, Integer port, String dataPath, List<String> command, Map<String, String> environment,
                 List<String> secrets, List<String> healthcheck, List<Mount> mounts,
                 Map<String, List<Mount>> peerMounts, Map<String, String> files,
                 Map<Integer, Integer> morePorts) implements ContainerSpec {
        public Image {
            Objects.requireNonNull(image, "image");
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
            secrets = List.copyOf(secrets);
            healthcheck = List.copyOf(healthcheck);
            if (healthcheck.isEmpty()) {
                throw new IllegalArgumentException(image + ": a container needs a healthcheck");
            }
            mounts = List.copyOf(mounts);
            peerMounts = Map.copyOf(peerMounts);
            files = Map.copyOf(files);
            morePorts = Map.copyOf(morePorts);
        }

        /** An image with only its port, data folder and healthcheck; add the rest with the withers. */
        public static Image of(String image, Integer port, String dataPath, List<String> healthcheck) {
            return new Image(image, port, dataPath, List.of(), Map.of(), List.of(), healthcheck,
                    List.of(), Map.of(), Map.of(), Map.of());
        }

        public Image withCommand(List<String> value) {
            return new Image(image, port, dataPath, value, environment, secrets, healthcheck, mounts,
                    peerMounts, files, morePorts);
        }

        public Image withEnvironment(Map<String, String> value) {
            return new Image(image, port, dataPath, command, value, secrets, healthcheck, mounts,
                    peerMounts, files, morePorts);
        }

        public Image withSecrets(List<String> value) {
            return new Image(image, port, dataPath, command, environment, value, healthcheck, mounts,
                    peerMounts, files, morePorts);
        }

        public Image withMounts(List<Mount> value, Map<String, List<Mount>> peers, Map<String, String> written) {
            return new Image(image, port, dataPath, command, environment, secrets, healthcheck, value,
                    peers, written, morePorts);
        }

        public Image withMorePorts(Map<Integer, Integer> value) {
            return new Image(image, port, dataPath, command, environment, secrets, healthcheck, mounts,
                    peerMounts, files, value);
        }
    }

    /** The kind cannot run in a container; {@code reason} says why and what to do instead. */
    record None(String reason) implements ContainerSpec {
        public None {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A bind mount.
     *
     * @param source   an absolute path on this machine, or {@code ./NAME} for a file written beside
     *                 the Compose file
     * @param target   the absolute path inside the container
     * @param readOnly mounted read-only
     */
    record Mount(String source, String target, boolean readOnly) {
    }
}
