package dev.stackyard.core.service;

/** Builds the manager of a definition's kind. */
public final class ServiceManagers {
    private ServiceManagers() {
    }

    public static ServiceManager create(ServiceDefinition definition, ServiceEnvironment env) {
        return switch (definition.kind()) {
            case REDIS -> new RedisManager(definition, env);
            case PROCESS -> new ProcessKindManager(definition, env);
            case NGINX -> new NginxManager(definition, env);
            case PHP_FPM -> new PhpFpmManager(definition, env);
            case POSTGRES -> new PostgresManager(definition, env);
        };
    }
}
