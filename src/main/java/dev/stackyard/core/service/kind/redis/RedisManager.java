package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.service.AbstractServiceManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.Templates;
import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.process.StopResult;
import dev.stackyard.core.service.probe.Probes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
        return definition.dataDir() != null ? definition.dataDir() : RedisKind.INSTANCES.defaultDataDir(env.dataDir(), id());
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
        return RedisFailures.explain(failure.status(), failure.logTail(), context(), failure.getMessage());
    }

    @Override
    public Optional<String> stopProblem(StopResult result) {
        return RedisFailures.stopProblem(result.outcome() == StopResult.Outcome.KILLED, LogFiles.tail(logFile(), 40), context());
    }

    private RedisFailures.Context context() {
        return new RedisFailures.Context(id(), definition.port(), dataDir().toString());
    }

    /**
     * Deletes the dump files redis keeps in its data folder ({@code dump.rdb}, an append-only
     * folder or file) and the folder itself when it is then empty; returns what it deleted. Other
     * files in a user-given {@code dataDir} are left alone.
     */
    @Override
    public List<Path> deleteData() {
        Path dir = dataDir();
        List<Path> deleted = new ArrayList<>();
        try {
            for (String name : List.of("dump.rdb", "appendonly.aof", "appendonlydir")) {
                Path p = dir.resolve(name);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (var files = Files.list(p)) {
                        for (Path f : files.toList()) {
                            Files.delete(f);
                        }
                    }
                }
                if (Files.deleteIfExists(p)) {
                    deleted.add(p);
                }
            }
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && definition.dataDir() == null) {
                try (var rest = Files.list(dir)) {
                    if (rest.findAny().isEmpty()) {
                        Files.delete(dir);
                        deleted.add(dir);
                    }
                }
            }
        } catch (IOException e) {
            throw new ServiceException(id(), "cannot delete the data of " + id() + ": " + e.getMessage(), List.of(), e);
        }
        return deleted;
    }
}
