package dev.stackyard.bench;

import dev.stackyard.config.AppDirs;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A Stackyard JVM at rest, for the idle-cost row: builds the registry the way the app does, starts
 * {@code count - 1} process services and one redis, then calls {@link ServiceRegistry#refresh()}
 * every 500 ms, as the window will. Prints {@code ready} once everything runs; on a {@code stop}
 * line, or when stdin closes (the benchmark died), stops everything, prints {@code stopped} and exits.
 *
 * <p>Arguments: STACKYARD_HOME, redis port, number of services.
 */
public final class IdleMain {
    private IdleMain() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int redisPort = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        AppDirs dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        dirs.ensureCreated();
        ServiceEnvironment env = new ServiceEnvironment(dirs.dataDir(), dirs.runDir(), dirs.logDir(),
                Installations.load(dirs.dataDir().resolve("bundles")));
        List<ServiceDefinition> defs = new ArrayList<>();
        defs.add(ServiceDefinition.of("cache", ServiceKind.REDIS, redisPort));
        for (int i = 1; i < count; i++) {
            defs.add(ServiceDefinition.builder("worker-" + i, ServiceKind.PROCESS)
                    .command(List.of("sleep", "100000")).build());
        }
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("bench-refresh").daemon(true).factory());
        try (ProcessManager processes = new ProcessManager(env.processStateDir());
             ServiceRegistry registry = new ServiceRegistry(defs, env, processes)) {
            try {
                var outcomes = registry.startAll();
                var failed = outcomes.entrySet().stream().filter(e -> !e.getValue().ok()).toList();
                if (!failed.isEmpty()) {
                    System.out.println("error: " + failed.getFirst().getValue().error().getMessage());
                    return;
                }
                ticker.scheduleAtFixedRate(registry::refresh, 500, 500, TimeUnit.MILLISECONDS);
                System.out.println("ready " + ProcessHandle.current().pid());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                do {
                    line = in.readLine();
                } while (line != null && !line.equals("stop"));
            } finally {
                ticker.shutdownNow();
                registry.stopAll();
            }
        }
        System.out.println("stopped");
    }
}
