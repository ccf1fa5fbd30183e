package dev.stackyard.core.service;

import dev.stackyard.core.service.kind.mariadb.MariaDbKind;
import dev.stackyard.core.service.kind.nginx.NginxKind;
import dev.stackyard.core.service.kind.phpfpm.PhpFpmKind;
import dev.stackyard.core.service.kind.postgres.PostgresKind;
import dev.stackyard.core.service.kind.process.ProcessKind;
import dev.stackyard.core.service.kind.redis.RedisKind;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The kinds of service Stackyard runs: the registration list. Each constant names the kind as
 * written in the config file and the CLI, and the {@link Kind} that knows everything else about it.
 * Adding a kind is one package under {@code core.service.kind} and one constant here.
 */
public enum ServiceKind {
    NGINX("nginx", NginxKind::new),
    PHP_FPM("php-fpm", PhpFpmKind::new),
    REDIS("redis", RedisKind::new),
    POSTGRES("postgres", PostgresKind::new),
    MARIADB("mariadb", MariaDbKind::new),
    PROCESS("process", ProcessKind::new);

    private final String configName;
    private final Supplier<Kind> factory;
    private volatile Kind spec;

    ServiceKind(String configName, Supplier<Kind> factory) {
        this.configName = configName;
        this.factory = factory;
    }

    /** The spelling in {@code stackyard.yaml}: {@code nginx}, {@code php-fpm}, {@code redis}, {@code postgres}, {@code mariadb}, {@code process}. */
    public String configName() {
        return configName;
    }

    /** Everything else about the kind. Made on first use (a kind's class never runs during this enum's set-up). */
    public Kind spec() {
        Kind s = spec;
        if (s == null) {
            s = factory.get();
            spec = s; // racing threads make equal, stateless instances: either may win
        }
        return s;
    }

    public static Optional<ServiceKind> fromConfigName(String name) {
        return Arrays.stream(values()).filter(k -> k.configName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return configName;
    }
}
