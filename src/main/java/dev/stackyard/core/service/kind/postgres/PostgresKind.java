package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceManager;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** PostgreSQL: a TCP port and a cluster of its own. See {@link PostgresManager}. */
public final class PostgresKind implements Kind {
    /** INT = fast shutdown; TERM ("smart") would wait for every idle client. QUIT as the last polite rung. */
    static final StopPolicy LADDER = new StopPolicy(List.of(
            new StopPolicy.Step(Signal.INT, Duration.ofSeconds(10), false),
            new StopPolicy.Step(Signal.QUIT, Duration.ofSeconds(5), false)));

    @Override
    public Set<String> keys() {
        return Set.of("version", "dataDir");
    }

    @Override
    public PortUse port() {
        return PortUse.required(5432);
    }

    @Override
    public StopPolicy stopLadder() {
        return LADDER;
    }

    /** Longer than the others: a first start runs initdb before the server (initdb has its own bound). */
    @Override
    public Duration readyTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public boolean keepsData() {
        return true;
    }

    @Override
    public ServiceManager manager(ServiceDefinition definition, ServiceEnvironment env) {
        return new PostgresManager(definition, env);
    }

    @Override
    public ContainerSpec container(ContainerRequest request) {
        return PostgresContainer.of(request);
    }
}
