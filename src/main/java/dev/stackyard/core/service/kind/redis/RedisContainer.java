package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * redis as the official {@code redis:MAJOR.MINOR} image: its dump in {@code /data}, saved at the
 * save points of Stackyard's redis.conf, ready when {@code redis-cli ping} answers PONG. With a
 * password, the server requires the {@code .env}'s ({@code --requirepass}) and redis-cli reads it
 * from {@code REDISCLI_AUTH}, so the healthcheck stays the same.
 */
final class RedisContainer {
    static final int PORT = 6379;
    /** As config/redis/redis.conf. */
    static final String SAVE_POINTS = "3600 1 300 100 60 10000";

    private RedisContainer() {
    }

    /** @param password whether the service requires a password */
    static ContainerSpec of(ContainerRequest request, boolean password) {
        ContainerSpec.Image image = ContainerSpec.Image.of("redis:" + ContainerSpec.leading(request.requireVersion(), 2),
                PORT, "/data", List.of("CMD-SHELL", "redis-cli ping | grep -q PONG"));
        List<String> command = new ArrayList<>(List.of("redis-server", "--save", SAVE_POINTS));
        if (!password) {
            return image.withCommand(command);
        }
        String variable = "${" + request.passwordVariable() + "}";
        command.addAll(List.of("--requirepass", variable));
        return image.withCommand(command).withEnvironment(Map.of("REDISCLI_AUTH", variable))
                .withSecrets(List.of(request.passwordVariable()));
    }
}
