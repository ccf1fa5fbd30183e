package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** redis as a container: image tag, data folder, and the password as a .env variable. */
class RedisContainerTest {
    private static ContainerRequest request(String version) {
        return new ContainerRequest(ServiceDefinition.of("cache", ServiceKind.named("redis"), 6379), version, "CACHE_PASSWORD",
                List.of(), id -> Optional.empty());
    }

    @Test
    void withoutAPasswordTheServerRunsWithStackyardsSavePoints() {
        ContainerSpec.Image image = (ContainerSpec.Image) RedisContainer.of(request("7.0.15"), false);
        assertEquals("redis:7.0", image.image());
        assertEquals("/data", image.dataPath());
        assertEquals(6379, image.port());
        assertEquals(List.of("redis-server", "--save", "3600 1 300 100 60 10000"), image.command());
        assertEquals(List.of(), image.secrets());
        assertEquals(Map.of(), image.environment());
    }

    @Test
    void aPasswordIsRequiredFromTheEnvFileAndTheHealthcheckUsesIt() {
        ContainerSpec.Image image = (ContainerSpec.Image) RedisContainer.of(request("7.0"), true);
        assertEquals(List.of("redis-server", "--save", "3600 1 300 100 60 10000", "--requirepass", "${CACHE_PASSWORD}"),
                image.command());
        assertEquals(Map.of("REDISCLI_AUTH", "${CACHE_PASSWORD}"), image.environment());
        assertEquals(List.of("CACHE_PASSWORD"), image.secrets());
        assertEquals(List.of("CMD-SHELL", "redis-cli ping | grep -q PONG"), image.healthcheck());
    }

    @Test
    void withoutAKnownVersionTheExportSaysHowToNameOne() {
        ServiceException e = assertThrows(ServiceException.class, () -> new RedisKind().container(request(null)));
        assertTrue(e.getMessage().startsWith("cache cannot be exported: no redis is installed"), e.getMessage());
    }
}
