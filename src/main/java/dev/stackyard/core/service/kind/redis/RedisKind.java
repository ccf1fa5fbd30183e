package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.bundle.BundleSource;
import dev.stackyard.core.bundle.MavenBuilds;
import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceManager;

import java.util.Optional;
import java.time.Duration;
import java.util.Set;

/** redis: a TCP port and a data folder for its dump. See {@link RedisManager}. */
public final class RedisKind implements Kind, MavenBuilds {
    /** TERM saves (when save points are set) and exits; never USR1/USR2. */
    static final StopPolicy LADDER = StopPolicy.of(Signal.TERM, Duration.ofSeconds(10));
    /** One per project: from 6379, each with its own dump folder {@code DATA/redis/ID}. */
    static final Instances INSTANCES = new Instances(6379, "redis", "a Redis server with its own port and dump folder");

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String title() {
        return "Redis";
    }

    @Override
    public VersionSource versions() {
        return VersionSource.SYSTEM_AND_MAVEN;
    }

    @Override
    public Optional<Instances> instances() {
        return Optional.of(INSTANCES);
    }

    @Override
    public Set<String> keys() {
        return Set.of("version", "dataDir", "password");
    }

    @Override
    public PortUse port() {
        return PortUse.required(INSTANCES.firstPort());
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

    /** A new redis requires a password: without one any local account can read and change it. */
    @Override
    public ServiceDefinition newInstance(ServiceDefinition definition) {
        return definition.toBuilder().password(true).build();
    }

    @Override
    public ContainerSpec container(ContainerRequest request) {
        return RedisContainer.of(request, request.definition().password());
    }

    /** Relocatable builds on x86-64 and arm64 (see {@link EmbeddedRedis}); none elsewhere. */
    @Override
    public Optional<BundleSource> mavenBuilds(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> Optional.of(new EmbeddedRedis("amd64"));
            case "aarch64", "arm64" -> Optional.of(new EmbeddedRedis("arm64"));
            default -> Optional.empty();
        };
    }
}
