package dev.stackyard.bench;

import dev.stackyard.config.AppDirs;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One temporary STACKYARD_HOME for one part of the benchmark, laid out exactly as the app lays it
 * out, with one process manager. Closing it stops everything started from it, even after a
 * failure: each registry's services, every raw daemon still tracked (killed with its descendants),
 * and finally whatever the process manager still has a record of.
 */
final class BenchHome implements AutoCloseable {
    final Path root;
    final AppDirs dirs;
    final ServiceEnvironment env;
    final ProcessManager processes;
    private final List<ServiceRegistry> registries = new ArrayList<>();
    private final List<Process> raw = new CopyOnWriteArrayList<>();

    private BenchHome(Path root) throws IOException {
        this.root = root;
        this.dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, root.toString()));
        dirs.ensureCreated();
        this.env = new ServiceEnvironment(dirs.dataDir(), dirs.runDir(), dirs.logDir(),
                Installations.load(dirs.dataDir().resolve("bundles")));
        this.processes = new ProcessManager(env.processStateDir());
    }

    static BenchHome create(Path parent, String name) throws IOException {
        return new BenchHome(parent.resolve(name));
    }

    /** A registry over these definitions on this home's process manager; stopped on close. */
    ServiceRegistry registry(List<ServiceDefinition> definitions) {
        ServiceRegistry r = new ServiceRegistry(definitions, env, processes);
        registries.add(r);
        return r;
    }

    /** Remembers a raw daemon so that close() kills it if the benchmark could not stop it. */
    Process track(Process p) {
        raw.add(p);
        return p;
    }

    void untrack(Process p) {
        raw.remove(p);
    }

    @Override
    public void close() {
        for (ServiceRegistry r : registries) {
            try {
                r.stopAll();
            } catch (RuntimeException e) {
                System.err.println("bench: stopAll failed in " + root + ": " + e);
            }
            r.close();
        }
        for (Process p : raw) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            processes.stopAll(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            System.err.println("bench: process manager stopAll failed in " + root + ": " + e);
        }
        processes.close();
    }
}
