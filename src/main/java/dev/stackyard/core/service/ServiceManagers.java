package dev.stackyard.core.service;

/** Builds the manager of a definition's kind, through the kind's {@link Kind}. */
public final class ServiceManagers {
    private ServiceManagers() {
    }

    public static ServiceManager create(ServiceDefinition definition, ServiceEnvironment env) {
        return definition.kind().spec().manager(definition, env);
    }
}
