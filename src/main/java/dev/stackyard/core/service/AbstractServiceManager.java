package dev.stackyard.core.service;

import dev.stackyard.core.process.PrivateFiles;
import dev.stackyard.core.process.ReadinessCheck;
import dev.stackyard.core.process.Signal;
import dev.stackyard.core.process.StopPolicy;
import dev.stackyard.core.service.probe.Probe;
import dev.stackyard.core.service.probe.ProbeResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What every kind shares: where its files go, its installation, and the stop ladder overrides. */
public abstract class AbstractServiceManager implements ServiceManager {
    /** A rendered config: the daemon may run as another account (as root), so readable by it; never writable. */
    private static final Set<PosixFilePermission> RENDERED = PosixFilePermissions.fromString("rw-r--r--");

    protected final ServiceDefinition definition;
    protected final ServiceEnvironment env;

    protected AbstractServiceManager(ServiceDefinition definition, ServiceEnvironment env) {
        this.definition = definition;
        this.env = env;
    }

    @Override
    public ServiceDefinition definition() {
        return definition;
    }

    @Override
    public Optional<Installation> installation() {
        return env.installations().resolve(definition.kind(), definition.version());
    }

    @Override
    public String notInstalledHint() {
        String what = definition.kind() + (definition.version() != null ? " " + definition.version() : "");
        String hint = env.installations().installHint(definition.kind());
        return what + " is not installed" + (hint.isEmpty() ? "" : "; install it with: " + hint);
    }

    /** The service's private run folder ({@code RUN/ID}): rendered config, socket, PID file. */
    protected Path runDir() {
        return env.serviceRunDir(id());
    }

    @Override
    public Path logFile() {
        return env.logFile(id());
    }

    @Override
    public List<Integer> ports() {
        return definition.port() == null ? List.of() : List.of(definition.port());
    }

    /** The kind's own ladder ({@link Kind#stopLadder()}) with the config's overrides applied. */
    protected StopPolicy stopPolicy() {
        return stopPolicy(definition.kind().spec().stopLadder());
    }

    /** How long a start may take to become ready ({@link Kind#readyTimeout()}). */
    protected Duration readyTimeout() {
        return definition.kind().spec().readyTimeout();
    }

    /**
     * The kind's ladder with the config's overrides applied: {@code stopSignal} replaces the first
     * rung's signal, {@code stopTimeout} its grace period. The manager adds the final group KILL.
     */
    protected StopPolicy stopPolicy(StopPolicy kindDefault) {
        List<StopPolicy.Step> steps = new java.util.ArrayList<>(kindDefault.steps());
        StopPolicy.Step first = steps.getFirst();
        Signal signal = definition.stopSignal() != null ? definition.stopSignal() : first.signal();
        Duration grace = definition.stopTimeout() != null ? definition.stopTimeout() : first.grace();
        steps.set(0, new StopPolicy.Step(signal, grace, first.group()));
        return new StopPolicy(steps);
    }

    /** A probe as a readiness check: "not ready" becomes an exception whose message is reported. */
    protected static ReadinessCheck readiness(Probe probe) {
        return (pid, timeout) -> {
            ProbeResult r = probe.check(timeout);
            if (r instanceof ProbeResult.NotReady(String reason)) {
                throw new ReadinessCheck.NotReady(reason);
            }
            return true;
        };
    }

    /** Creates a folder (and parents) readable by this user only. */
    protected static Path privateDir(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /**
     * Writes a generated file (overwritten at every start: it is ours, not the user's), whole or not
     * at all and never through a link ({@link PrivateFiles#writeWhole}); readable by the daemon's
     * account as well when that is another one (as root).
     */
    protected static Path writeFile(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            PrivateFiles.writeWhole(file, text.getBytes(StandardCharsets.UTF_8), RENDERED);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
