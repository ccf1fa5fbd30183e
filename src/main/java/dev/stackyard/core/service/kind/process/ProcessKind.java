package dev.stackyard.core.service.kind.process;

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
import java.util.Map;
import java.util.Set;

/** The user's own long-running command. See {@link ProcessKindManager}. */
public final class ProcessKind implements Kind {
    /** TERM to the whole group: dev tools often run behind npm or a shell. */
    static final StopPolicy LADDER = new StopPolicy(List.of(new StopPolicy.Step(Signal.TERM, Duration.ofSeconds(10), true)));

    @Override
    public String name() {
        return "process";
    }

    @Override
    public VersionSource versions() {
        return VersionSource.NONE;
    }

    @Override
    public Set<String> keys() {
        return Set.of("command", "workDir", "env", "ready");
    }

    @Override
    public Map<String, String> requiredKeys() {
        return Map.of("command", "a process needs its program and arguments as a list, "
                + "e.g. command: [\"php\", \"artisan\", \"queue:work\"]");
    }

    @Override
    public PortUse port() {
        return PortUse.optional();
    }

    @Override
    public StopPolicy stopLadder() {
        return LADDER;
    }

    @Override
    public Duration readyTimeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public boolean keepsData() {
        return false;
    }

    @Override
    public ServiceManager manager(ServiceDefinition definition, ServiceEnvironment env) {
        return new ProcessKindManager(definition, env);
    }

    @Override
    public ContainerSpec container(ContainerRequest request) {
        return new ContainerSpec.None("it runs a command of yours on this machine, and no official image holds it;"
                + " write a Dockerfile for it and add it to the file as a service");
    }
}
