package dev.stackyard.core.service;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of service Stackyard runs, with the name used in the config file and the CLI. */
public enum ServiceKind {
    NGINX("nginx"), PHP_FPM("php-fpm"), REDIS("redis"), POSTGRES("postgres"), PROCESS("process");

    private final String configName;

    ServiceKind(String configName) {
        this.configName = configName;
    }

    /** The spelling in {@code stackyard.yaml}: {@code nginx}, {@code php-fpm}, {@code redis}, {@code postgres}, {@code process}. */
    public String configName() {
        return configName;
    }

    public static Optional<ServiceKind> fromConfigName(String name) {
        return Arrays.stream(values()).filter(k -> k.configName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return configName;
    }
}
