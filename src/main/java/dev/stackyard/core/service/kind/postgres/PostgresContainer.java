package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;

import java.util.List;
import java.util.Map;

/**
 * PostgreSQL as the official {@code postgres:MAJOR} image: the cluster in {@code /var/lib/postgresql/data},
 * the superuser {@value PostgresManager#USER} with the password of the {@code .env} (the image sets it
 * at the first start of an empty volume only), ready when {@code pg_isready} answers over TCP as
 * Stackyard's own probe connects.
 */
final class PostgresContainer {
    static final int PORT = 5432;

    private PostgresContainer() {
    }

    static ContainerSpec of(ContainerRequest request) {
        String password = request.passwordVariable();
        return ContainerSpec.Image.of("postgres:" + major(request.requireVersion()), PORT, "/var/lib/postgresql/data",
                        List.of("CMD", "pg_isready", "-h", "127.0.0.1", "-p", Integer.toString(PORT), "-U", PostgresManager.USER))
                .withEnvironment(Map.of("POSTGRES_USER", PostgresManager.USER, "POSTGRES_PASSWORD", "${" + password + "}"))
                .withSecrets(List.of(password));
    }

    /** The image tags majors: "15.4" is 15, "9.6.24" is 9.6 (before 10 a major had two parts). */
    static String major(String version) {
        String first = ContainerSpec.leading(version, 1);
        return first.matches("[0-9]") ? ContainerSpec.leading(version, 2) : first;
    }
}
