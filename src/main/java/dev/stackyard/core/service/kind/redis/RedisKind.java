package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceManager;

import java.time.Duration;
import java.util.Set;

/** redis: a TCP port and a data folder for its dump. See {@link RedisManager}. */
public final class RedisKind implements Kind {
    /** TERM saves (when save points are set) and exits; never USR1/USR2. */
    static final StopPolicy LADDER = StopPolicy.of(Signal.TERM, Duration.ofSeconds(10));

    @Override
    public Set<String> keys() {
        return Set.of("version", "dataDir", "password");
    }

    @Override
    public PortUse port() {
        return PortUse.required(6379);
    }

    @Override
    public StopPolicy stopLadder() {
        return LADDER;
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public boolean keepsData() {
        return true;
    }

    @Override
    public ServiceManager manager(ServiceDefinition definition, ServiceEnvironment env) {
        return new RedisManager(definition, env);
    }

    @Override
    public ContainerSpec container(ContainerRequest request) {
        return RedisContainer.of(request, request.definition().password());
    }
}
