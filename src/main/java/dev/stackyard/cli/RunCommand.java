package dev.stackyard.cli;

import dev.stackyard.core.service.ServiceListener;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.supervise.Supervisor;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code stackyard run}: a supervisor in the foreground, like {@code supervisord -n}. Takes the
 * home's instance lock (so never beside a window), starts the {@code autostart} services and the
 * ones named, supervises them ({@link Supervisor}), prints one line per state change, and on
 * Ctrl-C or SIGTERM stops everything in parallel and exits 0.
 */
final class RunCommand extends StackyardCli.Base {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** How often what other front ends did to processes is picked up (adoptions, their stops). */
    private static final long REFRESH_MILLIS = 1000;

    List<String> ids;

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "run", "Starts the autostart services (and the ones named) and supervises them "
                + "in the foreground: crashed services are restarted. Ctrl-C or SIGTERM stops them all.");
        model.addPositional(CommandModel.positionals("ID", "0..*", () -> ids, v -> ids = v)
                .description("Services to start besides the autostart ones.").build());
        return model;
    }

    @Override
    public Integer call() throws Exception {
        Optional<AutoCloseable> lock = context.lockHome();
        if (lock.isEmpty()) {
            err().println("stackyard: a window or another `stackyard run` already supervises this home;"
                    + " close it first (the CLI's other commands work beside it)");
            return StackyardCli.FAILED;
        }
        context.watchProcesses(); // a supervisor learns of every exit, also of what other front ends started
        ServiceRegistry registry = context.registry();
        context.watchConfig(); // edits of stackyard.yaml (by hand, `add`, `remove`) apply as they do in the window
        List<String> named = ids == null || ids.isEmpty() ? List.of() : resolve(registry, ids, false);
        PrintWriter out = out();
        Map<String, ServiceState> shown = new ConcurrentHashMap<>();
        registry.snapshots().forEach(s -> shown.put(s.id(), s.state()));
        ServiceListener printer = s -> {
            if (shown.put(s.id(), s.state()) != s.state()) {
                out.println(line(s));
                out.flush();
            }
        };
        registry.addListener(printer);
        Supervisor supervisor = new Supervisor(registry, registry.environment().runDir()).start();
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("stackyard-run-refresh").daemon(true).factory());
        refresher.scheduleWithFixedDelay(registry::refresh, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Ctrl-C or SIGTERM: stop supervising first, so nothing is restarted while it all stops.
            supervisor.close();
            refresher.shutdownNow();
            out.println(LocalTime.now().format(CLOCK) + " stopping every service");
            out.flush();
            registry.stopAll(registry.largestStopGrace()).forEach((id, o) -> {
                if (!o.ok()) {
                    out.println(LocalTime.now().format(CLOCK) + " " + o.error().getMessage());
                }
            });
            out.println(LocalTime.now().format(CLOCK) + " stopped");
            out.flush();
            try {
                lock.get().close();
            } catch (Exception e) {
                // the process exits now: the kernel drops the lock anyway
            }
            done.countDown();
            // Exit 0, not the 130/143 a signal-initiated shutdown reports: stopping was the plan.
            Runtime.getRuntime().halt(StackyardCli.OK);
        }, "stackyard-run-shutdown"));
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : registry.ids()) {
            if (registry.manager(id).orElseThrow().definition().autostart()) {
                wanted.add(id);
            }
        }
        wanted.addAll(named);
        out.println(LocalTime.now().format(CLOCK) + " supervising " + String.join(", ", registry.ids())
                + (wanted.isEmpty() ? "; nothing to start (no autostart services)" : "; starting " + String.join(", ", wanted)));
        out.flush();
        supervisor.start(new ArrayList<>(wanted)); // each outcome is printed by the listener as a state change
        done.await();
        return StackyardCli.OK;
    }

    /** {@code 12:01:03 redis BACKOFF exit 139, restart in 2 s (2/5)}. */
    static String line(ServiceSnapshot s) {
        StringBuilder b = new StringBuilder(LocalTime.now().format(CLOCK)).append(' ').append(s.id()).append(' ')
                .append(s.state());
        switch (s.state()) {
            case RUNNING -> {
                if (s.pid() != null) {
                    b.append(" PID ").append(s.pid());
                }
                if (s.url() != null) {
                    b.append(' ').append(s.url());
                }
            }
            case FAILED, BACKOFF, FATAL, STOPPED -> {
                if (s.lastError() != null) {
                    b.append(' ').append(s.lastError());
                }
            }
            default -> {
            }
        }
        return b.toString();
    }
}
