package dev.stackyard.ui;

import dev.stackyard.usecase.StackControl;
import dev.stackyard.config.ConfigException;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A registry stand-in: services in memory, commands recorded, outcomes scripted. */
final class FakeStack implements StackControl {
    final Map<String, ServiceSnapshot> services = new LinkedHashMap<>();
    final List<Listener> listeners = new CopyOnWriteArrayList<>();
    final List<String> calls = new ArrayList<>();
    final Map<String, String> failStart = new LinkedHashMap<>();
    final List<String> autostart = new ArrayList<>();
    final List<String> versions = new ArrayList<>(List.of("15", "14"));
    final List<ServiceDefinition> added = new ArrayList<>();
    ConfigException configProblem;
    RuntimeException unexpected;
    long nextPid = 1000;
    Instant clock = Instant.parse("2026-01-01T10:00:00Z");

    static ServiceSnapshot snapshot(String id, ServiceKind kind, ServiceState state, Integer port, Instant since) {
        return new ServiceSnapshot(id, kind, kind == ServiceKind.named("process") ? "-" : "7.0", state,
                state == ServiceState.RUNNING ? 4242L : null, port, Path.of("/tmp/" + id + ".pid"),
                Path.of("/tmp/" + id + ".log"), url(kind, port), null, List.of(), null, since);
    }

    static String url(ServiceKind kind, Integer port) {
        if (port == null) {
            return null;
        }
        return switch (kind.configName()) {
            case "redis" -> "redis://127.0.0.1:" + port;
            case "nginx" -> "http://127.0.0.1:" + port;
            case "postgres" -> "postgresql://stackyard:secret@127.0.0.1:" + port + "/postgres";
            default -> null;
        };
    }

    FakeStack add(String id, ServiceKind kind, ServiceState state, Integer port) {
        services.put(id, snapshot(id, kind, state, port, tick()));
        return this;
    }

    Instant tick() {
        clock = clock.plusSeconds(1);
        return clock;
    }

    /** Changes a service as the registry would, telling the listeners. */
    ServiceSnapshot set(String id, ServiceState state, Long pid, String error, List<String> logTail) {
        return set(id, state, pid, error, logTail, null);
    }

    ServiceSnapshot set(String id, ServiceState state, Long pid, String error, List<String> logTail, String progress) {
        ServiceSnapshot s = services.get(id);
        ServiceSnapshot next = new ServiceSnapshot(id, s.kind(), s.version(), state, pid, s.port(), s.pidFile(),
                s.logFile(), s.url(), error, logTail, progress, s.state() == state ? s.since() : tick());
        services.put(id, next);
        listeners.forEach(l -> l.changed(next));
        return next;
    }

    /** As the real session does when the config file changed on disk and was checked. */
    void configChecked(ConfigException problem) {
        listeners.forEach(l -> l.configChecked(java.util.Optional.ofNullable(problem)));
    }

    /** A running service whose definition changed in the config (or the change was taken back). */
    ServiceSnapshot pendingRestart(String id, boolean pending) {
        ServiceSnapshot s = services.get(id);
        ServiceSnapshot next = new ServiceSnapshot(id, s.kind(), s.version(), s.state(), s.pid(), s.port(), s.pidFile(),
                s.logFile(), s.url(), s.lastError(), s.logTail(), s.progress(), s.since(), pending);
        services.put(id, next);
        listeners.forEach(l -> l.changed(next));
        return next;
    }

    @Override
    public List<ServiceSnapshot> snapshots() {
        return List.copyOf(services.values());
    }

    @Override
    public Runnable subscribe(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void refresh() {
        calls.add("refresh");
    }

    @Override
    public Map<String, ServiceRegistry.Outcome> start(Collection<String> ids) {
        calls.add("start " + String.join(",", ids));
        if (unexpected != null) {
            throw unexpected;
        }
        Map<String, ServiceRegistry.Outcome> out = new LinkedHashMap<>();
        for (String id : ids) {
            String failure = failStart.get(id);
            if (failure != null) {
                ServiceSnapshot s = set(id, ServiceState.FAILED, null, failure, List.of("log line 1", "log line 2"));
                out.put(id, new ServiceRegistry.Outcome(s, new ServiceException(id, failure)));
            } else {
                out.put(id, new ServiceRegistry.Outcome(set(id, ServiceState.RUNNING, nextPid++, null, List.of()), null));
            }
        }
        return out;
    }

    @Override
    public Map<String, ServiceRegistry.Outcome> stop(Collection<String> ids) {
        calls.add("stop " + String.join(",", ids));
        Map<String, ServiceRegistry.Outcome> out = new LinkedHashMap<>();
        for (String id : ids) {
            out.put(id, new ServiceRegistry.Outcome(set(id, ServiceState.STOPPED, null, null, List.of()), null));
        }
        return out;
    }

    @Override
    public Map<String, ServiceRegistry.Outcome> stopAll() {
        calls.add("stopAll");
        Map<String, ServiceRegistry.Outcome> out = new LinkedHashMap<>();
        for (String id : List.copyOf(services.keySet())) {
            out.put(id, new ServiceRegistry.Outcome(set(id, ServiceState.STOPPED, null, null, List.of()), null));
        }
        return out;
    }

    @Override
    public ServiceSnapshot restart(String id) {
        calls.add("restart " + id);
        return set(id, ServiceState.RUNNING, nextPid++, null, List.of());
    }

    @Override
    public List<String> autostartIds() {
        return List.copyOf(autostart);
    }

    @Override
    public List<String> installedVersions(ServiceKind kind) {
        calls.add("versions " + kind);
        return List.copyOf(versions);
    }

    @Override
    public void addService(ServiceDefinition definition) throws IOException, ConfigException {
        calls.add("add " + definition.id());
        if (configProblem != null) {
            throw configProblem;
        }
        added.add(definition);
        services.put(definition.id(), snapshot(definition.id(), definition.kind(), ServiceState.STOPPED,
                definition.port(), tick()));
        reloaded();
    }

    @Override
    public java.util.List<java.nio.file.Path> removeService(String id, boolean deleteData) throws IOException, ConfigException {
        calls.add("remove " + id + (deleteData ? " --delete-data" : ""));
        if (configProblem != null) {
            throw configProblem;
        }
        services.remove(id);
        reloaded();
        return java.util.List.of();
    }

    @Override
    public void reload() throws IOException, ConfigException {
        calls.add("reload");
        if (configProblem != null) {
            throw configProblem;
        }
        reloaded();
    }

    void reloaded() {
        List<ServiceSnapshot> all = snapshots();
        listeners.forEach(l -> l.reloaded(all));
    }
}
