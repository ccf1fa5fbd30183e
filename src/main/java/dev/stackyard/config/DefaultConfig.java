package dev.stackyard.config;

import java.nio.file.Path;

/** The {@code stackyard.yaml} written when there is none: a small PHP stack and a guide to the keys. */
final class DefaultConfig {

    private DefaultConfig() {
    }

    /** @param dataDir shown as the folder the default document root lives in */
    static String text(Path dataDir) {
        return """
                # Stackyard: the services of your local web stack.
                # Stackyard wrote this file because there was none. Edit it freely: Stackyard changes it only
                # when you add or remove a service, and keeps the previous version in stackyard.yaml.bak.
                #
                # Every service has:
                #   id           unique; a-z, 0-9 and '-', starting with a letter or digit (at most 40)
                #   kind         nginx | php-fpm | redis | postgres | process
                #   version      e.g. "8.3" (quoted); the newest installed one when left out
                #   port         TCP port on 127.0.0.1 (nginx, redis and postgres need one; php-fpm
                #                takes none, it listens on a private unix socket)
                #   autostart    true to start it when Stackyard opens (default false)
                #   stopSignal   first signal when stopping, e.g. QUIT (default: the kind's own)
                #   stopTimeout  how long to wait before killing, e.g. 500ms, 10s, 2m
                # nginx also takes root (the document root; ~/ is your home folder) and php (the id of a
                # php-fpm service for *.php). redis and postgres take dataDir. redis takes password: true
                # (Stackyard generates one, keeps it in a file only you can read, and puts it in the URL).
                #
                # A process service runs a command of yours:
                #   - id: worker
                #     kind: process
                #     command: ["php", "artisan", "queue:work"]
                #     workDir: ~/code/app
                #     env: {APP_ENV: local}
                #     ready: {tcp: 5173}          # or {logLine: "Server started"}; default: running is ready

                services:
                  # Serves %s/www unless you set root.
                  - id: web
                    kind: nginx
                    port: 8080
                    php: php

                  - id: php
                    kind: php-fpm

                  - id: redis
                    kind: redis
                    port: 6379
                    password: true

                  - id: pg
                    kind: postgres
                    port: 5432
                """.formatted(dataDir.toAbsolutePath());
    }
}
