package dev.stackyard.core.service.kind.process;

import dev.stackyard.core.service.AbstractServiceManager;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.process.Executables;
import dev.stackyard.core.process.ProcessSpec;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.probe.Probes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The user's own long-running command (a queue worker, vite). Readiness: a TCP port that accepts,
 * a log line that matches, or, with neither, staying alive for {@link #SETTLE} (supervisord's
 * "startsecs") so that a command that dies at once is a failed start. Stop: TERM to its whole
 * process group (dev tools often run behind npm or a shell), then KILL.
 */
public final class ProcessKindManager extends AbstractServiceManager {
    static final Duration SETTLE = Duration.ofMillis(500);

    public ProcessKindManager(ServiceDefinition definition, ServiceEnvironment env) {
        super(definition, env);
    }

    @Override
    public Optional<Installation> installation() {
        String program = definition.command().isEmpty() ? "" : definition.command().getFirst();
        return Executables.resolve(program, definition.env())
                .map(binary -> new Installation(definition.kind(), "-", binary));
    }

    @Override
    public String notInstalledHint() {
        String program = definition.command().isEmpty() ? "(empty command)" : definition.command().getFirst();
        return "the command " + program + " was not found; check `command` in the config";
    }

    @Override
    public Path pidFile() {
        return env.processStateDir().resolve(id() + ".pid");
    }

    @Override
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>();
        if (definition.port() != null) {
            ports.add(definition.port());
        }
        if (definition.readiness() != null && definition.readiness().tcpPort() != null
                && !ports.contains(definition.readiness().tcpPort())) {
            ports.add(definition.readiness().tcpPort());
        }
        return ports;
    }

    @Override
    public Launch prepare(Installation installation, Consumer<String> progress) {
        Path workDir = definition.workDir() != null ? definition.workDir() : privateDir(runDir());
        ServiceDefinition.ProcessReadiness r = definition.readiness();
        ReadinessCheck check;
        if (r != null && r.tcpPort() != null) {
            check = readiness(Probes.tcp(r.tcpPort()));
        } else if (r != null && r.logLine() != null) {
            long offset;
            try {
                offset = Files.exists(logFile()) ? Files.size(logFile()) : 0;
            } catch (IOException e) {
                offset = 0;
            }
            check = readiness(Probes.logLine(logFile(), offset, Pattern.compile(r.logLine())));
        } else if (definition.port() != null) {
            check = readiness(Probes.tcp(definition.port()));
        } else {
            check = ReadinessCheck.aliveFor(SETTLE);
        }
        ProcessSpec spec = new ProcessSpec(id(), definition.command(), workDir, definition.env(), logFile(), null,
                stopPolicy());
        return new Launch(spec, check, readyTimeout());
    }

    @Override
    public Optional<String> url() {
        return Optional.empty();
    }
}
