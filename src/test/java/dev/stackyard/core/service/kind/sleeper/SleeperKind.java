package dev.stackyard.core.service.kind.sleeper;

import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceManager;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A kind that lives in the test tree only, to prove that a kind is one package and one
 * registration line: this package plus its line in the test tree's
 * {@code META-INF/services/dev.stackyard.core.service.Kind} (and where its binary is,
 * {@code bundles/sleeper.properties}). Its "daemon" is coreutils' {@code sleep}: versioned
 * (coreutils' version), several instances, a page to open. See {@code TestTreeKindTest}.
 */
public final class SleeperKind implements Kind {
    static final Instances INSTANCES = new Instances(47_470, null, "a sleeper of the test tree, one per test");

    @Override
    public String name() {
        return "sleeper";
    }

    @Override
    public String title() {
        return "Sleeper";
    }

    @Override
    public Optional<Instances> instances() {
        return Optional.of(INSTANCES);
    }

    @Override
    public boolean opensPage() {
        return true;
    }

    @Override
    public Set<String> keys() {
        return Set.of("version");
    }

    @Override
    public PortUse port() {
        return PortUse.required(INSTANCES.firstPort());
    }

    @Override
    public StopPolicy stopLadder() {
        return StopPolicy.of(Signal.TERM, Duration.ofSeconds(5));
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofSeconds(10);
    }

    @Override
    public boolean keepsData() {
        return false;
    }

    @Override
    public ServiceManager manager(ServiceDefinition definition, ServiceEnvironment env) {
        return new SleeperManager(definition, env);
    }
}
