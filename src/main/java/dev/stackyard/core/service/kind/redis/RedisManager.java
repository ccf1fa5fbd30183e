package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.service.AbstractServiceManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.Templates;
import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.process.StopResult;
import dev.stackyard.core.service.probe.Probes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * redis in the foreground ({@code daemonize no}) on 127.0.0.1, protected mode, its own pidfile and
 * data folder; it logs to stdout, which the process core appends to the service's log. Ready on
 * {@code PING} -> {@code +PONG}. Stop: TERM (it saves if save points are set), then KILL.
 */
public final class RedisManager extends AbstractServiceManager {

    public RedisManager(ServiceDefinition definition, ServiceEnvironment env) {
        super(definition, env);
    }

    Path dataDir() {
        return definition.dataDir() != null ? definition.dataDir() : env.dataDir().resolve("redis").resolve(id());
    }

    @Override
    public Path pidFile() {
        return runDir().resolve("redis.pid");
    }

    @Override
    public Launch prepare(Installation installation, Consumer<String> progress) {
        privateDir(runDir());
        privateDir(dataDir());
        Path conf = writeFile(runDir().resolve("redis.conf"), Templates.render("redis/redis.conf", Map.of(
                "id", id(),
                "port", Integer.toString(definition.port()),
                "pidFile", pidFile().toString(),
                "dataDir", dataDir().toString())));
        ProcessSpec spec = new ProcessSpec(id(), List.of(installation.binary().toString(), conf.toString()),
                dataDir(), Map.of(), logFile(), pidFile(), stopPolicy());
        return new Launch(spec, readiness(Probes.redis(definition.port())), readyTimeout());
    }

    @Override
    public Optional<String> url() {
        return Optional.of("redis://127.0.0.1:" + definition.port());
    }

    @Override
    public String explain(StartFailedException failure) {
        List<String> tail = failure.logTail();
        if (tail.stream().anyMatch(l -> l.contains("Address already in use"))) {
            return id() + " could not start: port " + definition.port() + " is already in use; choose another port";
        }
        return failure.getMessage();
    }

    @Override
    public Optional<String> stopProblem(StopResult result) {
        if (result.outcome() == StopResult.Outcome.KILLED
                && LogFiles.tail(logFile(), 40).stream().anyMatch(l -> l.contains("can't exit") || l.contains("Errors trying to SHUT DOWN"))) {
            return Optional.of(id() + " could not save its data at shutdown and said it \"can't exit\", so it was killed;"
                    + " the last changes may be lost (check that " + dataDir() + " is writable)");
        }
        return Optional.empty();
    }
}
