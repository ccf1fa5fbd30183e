package dev.stackyard.core.service;

/** Builds the manager of a definition's kind. */
public final class ServiceManagers {
    private ServiceManagers() {
    }

    public static ServiceManager create(ServiceDefinition definition, ServiceEnvironment env) {
        return switch (definition.kind()) {
            case REDIS -> new RedisManager(definition, env);
            case PROCESS -> new ProcessKindManager(definition, env);
            case NGINX, PHP_FPM, POSTGRES ->
                    throw new UnsupportedOperationException(definition.kind() + " is not built yet");
        };
    }
}
