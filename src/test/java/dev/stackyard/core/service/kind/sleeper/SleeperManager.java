package dev.stackyard.core.service.kind.sleeper;

import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.service.AbstractServiceManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs {@code sleep infinity}; ready once it stayed alive a moment; its "page" is its port's URL. */
final class SleeperManager extends AbstractServiceManager {
    SleeperManager(ServiceDefinition definition, ServiceEnvironment env) {
        super(definition, env);
    }

    @Override
    public Launch prepare(Installation installation, Consumer<String> progress) {
        ProcessSpec spec = new ProcessSpec(id(), List.of(installation.binary().toString(), "infinity"),
                privateDir(runDir()), Map.of(), logFile(), null, stopPolicy());
        return new Launch(spec, ReadinessCheck.aliveFor(Duration.ofMillis(300)), readyTimeout());
    }

    @Override
    public Path pidFile() {
        return runDir().resolve("sleeper.pid");
    }

    @Override
    public Optional<String> url() {
        return Optional.of("http://127.0.0.1:" + definition.port() + "/");
    }
}
