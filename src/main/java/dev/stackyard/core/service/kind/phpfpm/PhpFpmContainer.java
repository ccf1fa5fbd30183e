package dev.stackyard.core.service.kind.phpfpm;

import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;

import java.util.List;

/**
 * php-fpm as the official {@code php:MAJOR.MINOR-fpm} image, which listens for FastCGI on port
 * {@value #PORT} of its container (not published: only nginx talks to it). Ready when that port
 * accepts, asked with the image's own php (it has no FastCGI client to send Stackyard's ping).
 * The scripts it runs are mounted by the nginx services that pass them to it.
 */
final class PhpFpmContainer {
    static final int PORT = 9000;

    private PhpFpmContainer() {
    }

    static ContainerSpec of(ContainerRequest request) {
        return ContainerSpec.Image.of("php:" + ContainerSpec.leading(request.requireVersion(), 2) + "-fpm", PORT, null,
                List.of("CMD", "php", "-r", "exit(@fsockopen('127.0.0.1', " + PORT + ") ? 0 : 1);"));
    }
}
