package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PostgreSQL as a container: the image's tag is the cluster's major, the password a .env variable. */
class PostgresContainerTest {

    @Test
    void theTagIsTheMajor() {
        assertEquals("15", PostgresContainer.major("15"));
        assertEquals("15", PostgresContainer.major("15.4"));
        assertEquals("17", PostgresContainer.major("17.2"));
        assertEquals("9.6", PostgresContainer.major("9.6.24"), "before 10 a major had two parts");
    }

    @Test
    void thePasswordComesFromTheEnvFile() {
        ContainerRequest request = new ContainerRequest(ServiceDefinition.of("pg-main", ServiceKind.named("postgres"), 5432),
                "15.4", "PG_MAIN_PASSWORD", List.of(), id -> Optional.empty());
        ContainerSpec.Image image = (ContainerSpec.Image) new PostgresKind().container(request);
        assertEquals("postgres:15", image.image());
        assertEquals(Map.of("POSTGRES_USER", "postgres", "POSTGRES_PASSWORD", "${PG_MAIN_PASSWORD}"), image.environment());
        assertEquals(List.of("PG_MAIN_PASSWORD"), image.secrets());
        assertEquals("/var/lib/postgresql/data", image.dataPath());
    }
}
