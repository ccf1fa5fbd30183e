package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.service.AbstractServiceManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.Templates;
import dev.stackyard.core.process.PrivateFiles;
import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopResult;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.service.probe.PortHolder;
import dev.stackyard.core.service.probe.Probes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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

    /**
     * Where the password of a service with {@code password: true} is kept: beside the default data
     * folder, not in it, so deleting the data keeps the password the apps were given.
     */
    public Path passwordFile() {
        return env.dataDir().resolve("redis").resolve(id() + ".password");
    }

    @Override
    public Launch prepare(Installation installation, Consumer<String> progress) {
        privateDir(runDir());
        privateDir(dataDir());
        Optional<String> password = definition.password()
                ? Optional.of(RedisPassword.readOrCreate(passwordFile())) : Optional.empty();
        String text = Templates.render("redis/redis.conf", Map.of(
                "id", id(),
                "port", Integer.toString(definition.port()),
                "pidFile", pidFile().toString(),
                "dataDir", dataDir().toString(),
                "hardening", String.join("\n", RedisHardening.lines(installation.version(), password))));
        Path conf = runDir().resolve("redis.conf");
        try {
            // It may hold the password: 0600 from creation, in the 0700 run folder.
            PrivateFiles.writeAtomically(conf, text);
        } catch (IOException e) {
            throw new ServiceException(id(), "cannot write " + conf + ": " + e.getMessage(), List.of(), e);
        }
        ProcessSpec spec = new ProcessSpec(id(), List.of(installation.binary().toString(), conf.toString()),
                dataDir(), Map.of(), logFile(), pidFile(), stopPolicy());
        return new Launch(spec, readiness(Probes.redis(definition.port(), password.orElse(null))), readyTimeout());
    }

    /** {@code redis://default:PASSWORD@127.0.0.1:PORT} once the password exists (redis-cli 7.0 ignores a password without a user name), else without one. */
    @Override
    public Optional<String> url() {
        Optional<String> password = Optional.empty();
        if (definition.password()) {
            try {
                password = RedisPassword.read(passwordFile());
            } catch (IOException e) {
                password = Optional.empty();
            }
        }
        return Optional.of("redis://" + password.map(p -> "default:" + percentEncode(p) + "@").orElse("")
                + "127.0.0.1:" + definition.port());
    }

    /** What to do about a service without a password (any local account can read and change its data). */
    @Override
    public Optional<String> notice() {
        return definition.password() ? Optional.empty() : Optional.of(NO_PASSWORD_NOTICE);
    }

    /** The row's notice for a redis without a password. */
    public static final String NO_PASSWORD_NOTICE =
            "No password: any local account can use it; add password: true to its config and restart";

    /** RFC 3986 percent-encoding of everything but unreserved characters. */
    static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(java.util.HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    @Override
    public String explain(StartFailedException failure) {
        Optional<String> holder = RedisFailures.isPortConflict(failure.logTail())
                ? PortCheck.holder(definition.port()).map(PortHolder::message) : Optional.empty();
        RedisFailures.Context c = context();
        return RedisFailures.explain(failure.status(), failure.logTail(),
                new RedisFailures.Context(c.id(), c.port(), c.dataDir(), holder), failure.getMessage());
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
