package dev.stackyard.core.service.kind.phpfpm;

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

/** php-fpm: a private unix socket, no TCP port. See {@link PhpFpmManager}. */
public final class PhpFpmKind implements Kind {
    /** QUIT is graceful (process_control_timeout is set); TERM to the group for stuck workers. */
    static final StopPolicy LADDER = StopPolicy.of(Signal.QUIT, Duration.ofSeconds(10))
            .then(Signal.TERM, Duration.ofSeconds(3), true);

    @Override
    public String name() {
        return "php-fpm";
    }

    @Override
    public String title() {
        return "PHP-FPM";
    }

    @Override
    public Set<String> keys() {
        return Set.of("version");
    }

    @Override
    public PortUse port() {
        return PortUse.forbidden("php-fpm listens on a private unix socket; remove port");
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
        return false;
    }

    @Override
    public ServiceManager manager(ServiceDefinition definition, ServiceEnvironment env) {
        return new PhpFpmManager(definition, env);
    }

    @Override
    public ContainerSpec container(ContainerRequest request) {
        return PhpFpmContainer.of(request);
    }
}
