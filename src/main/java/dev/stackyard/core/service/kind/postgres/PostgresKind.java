package dev.stackyard.core.service.kind.postgres;

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
import java.util.List;
import java.util.Set;

/** PostgreSQL: a TCP port and a cluster of its own. See {@link PostgresManager}. */
public final class PostgresKind implements Kind, MavenBuilds {
    /** INT = fast shutdown; TERM ("smart") would wait for every idle client. QUIT as the last polite rung. */
    static final StopPolicy LADDER = new StopPolicy(List.of(
            new StopPolicy.Step(Signal.INT, Duration.ofSeconds(10), false),
            new StopPolicy.Step(Signal.QUIT, Duration.ofSeconds(5), false)));
    /** One per project: from 5432, each with its own cluster {@code DATA/postgres/ID}. */
    static final Instances INSTANCES = new Instances(5432, "postgres",
            "a PostgreSQL server with its own data folder and port");

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String title() {
        return "PostgreSQL";
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
        return Set.of("version", "dataDir");
    }

    @Override
    public PortUse port() {
        return PortUse.required(INSTANCES.firstPort());
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

    /** Relocatable builds on x86-64 and arm64 (see {@link ZonkyPostgres}); none elsewhere. */
    @Override
    public Optional<BundleSource> mavenBuilds(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> Optional.of(new ZonkyPostgres("amd64"));
            case "aarch64", "arm64" -> Optional.of(new ZonkyPostgres("arm64v8"));
            default -> Optional.empty();
        };
    }
}
