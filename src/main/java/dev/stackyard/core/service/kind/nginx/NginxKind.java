package dev.stackyard.core.service.kind.nginx;

import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.ContainerRequest;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceManager;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** nginx: a TCP port, a document root, optionally a php-fpm service for {@code *.php}. See {@link NginxManager}. */
public final class NginxKind implements Kind {
    /** QUIT waits for running requests; TERM to the group for workers that linger. */
    static final StopPolicy LADDER = StopPolicy.of(Signal.QUIT, Duration.ofSeconds(10))
            .then(Signal.TERM, Duration.ofSeconds(3), true);

    @Override
    public String name() {
        return "nginx";
    }

    @Override
    public boolean opensPage() {
        return true;
    }

    @Override
    public boolean servesSites() {
        return true;
    }

    @Override
    public Set<String> keys() {
        return Set.of("version", "root", "php");
    }

    @Override
    public PortUse port() {
        return PortUse.required(8080);
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
    public Map<String, String> references() {
        return Map.of("php", "php-fpm");
    }

    @Override
    public List<String> impliedDependencies(ServiceDefinition definition) {
        return definition.php() == null ? List.of() : List.of(definition.php());
    }

    @Override
    public ServiceDefinition withDefaults(ServiceDefinition definition, Path dataDir) {
        return definition.root() != null ? definition : definition.toBuilder().root(dataDir.resolve("www")).build();
    }

    @Override
    public boolean keepsData() {
        return false;
    }

    @Override
    public ServiceManager manager(ServiceDefinition definition, ServiceEnvironment env) {
        return new NginxManager(definition, env);
    }

    @Override
    public ContainerSpec container(ContainerRequest request) {
        return NginxContainer.of(request);
    }
}
