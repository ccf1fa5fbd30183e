package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;

import java.util.List;
import java.util.Map;

/**
 * MariaDB as the official {@code mariadb:MAJOR.MINOR} image: its data in {@code /var/lib/mysql}, root's
 * password from the {@code .env}, ready when the image's own {@code healthcheck.sh} (shipped in the
 * 10.11 and 11.x images) says the server answers and InnoDB is initialized.
 */
final class MariaDbContainer {
    static final int PORT = 3306;

    private MariaDbContainer() {
    }

    static ContainerSpec of(ContainerRequest request) {
        String password = request.passwordVariable();
        return ContainerSpec.Image.of("mariadb:" + ContainerSpec.leading(request.requireVersion(), 2), PORT,
                        "/var/lib/mysql", List.of("CMD", "healthcheck.sh", "--connect", "--innodb_initialized"))
                .withEnvironment(Map.of("MARIADB_ROOT_PASSWORD", "${" + password + "}"))
                .withSecrets(List.of(password));
    }
}
