package dev.stackyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackyard.config.ConfigException;
import dev.stackyard.core.logs.LogFollower;
import dev.stackyard.config.NewServices;
import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.site.SiteException;
import dev.stackyard.core.supervise.HomeLock;
import dev.stackyard.core.supervise.SupervisedView;
import dev.stackyard.core.supervise.UserIntents;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The command line: the contract scripts and users rely on. Exit codes: 0 done; 1 an operation
 * failed (stderr: one line saying what and why, then the log tail); 2 bad usage or invalid config.
 */
@Command(name = "stackyard", mixinStandardHelpOptions = true, version = "Stackyard 0.1",
        description = "Runs nginx, php-fpm, redis and PostgreSQL as your own processes.%n"
                + "With no command, opens the window.",
        subcommands = {StackyardCli.Status.class, StackyardCli.Start.class, StackyardCli.Stop.class,
                StackyardCli.Restart.class, StackyardCli.Logs.class, StackyardCli.Add.class, StackyardCli.Remove.class,
                VersionCommands.ListVersions.class, VersionCommands.Install.class, VersionCommands.Uninstall.class,
                RunCommand.class, EventsCommand.class, SiteCommand.class})
public final class StackyardCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private final CliContext context;

    private StackyardCli(CliContext context) {
        this.context = context;
    }

    /** Runs one command line and returns its exit code. */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(new StackyardCli(context), new Factory(context));
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException ce) {
                err.println(ce.getMessage());
                return USAGE;
            }
            if (ex instanceof ServiceException se) {
                printFailure(err, se);
                return FAILED;
            }
            if (ex instanceof SiteException site) {
                err.println(site.getMessage());
                site.detail().forEach(line -> err.println("    " + line));
                return FAILED;
            }
            if (ex instanceof IOException io) {
                err.println("stackyard: " + io.getMessage());
                return FAILED;
            }
            throw ex;
        });
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Builds subcommands with the context, since picocli instantiates them itself. */
    private record Factory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (Base.class.isAssignableFrom(cls)) {
                K k = CommandLine.defaultFactory().create(cls);
                ((Base) k).context = context;
                return k;
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }

    static void printFailure(PrintWriter err, ServiceException e) {
        err.println(e.getMessage());
        for (String line : e.detail()) {
            err.println("    " + line);
        }
    }

    /** What every subcommand shares. */
    abstract static class Base implements Callable<Integer> {
        CliContext context;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** Checks ids against the config before anything runs: an unknown id is a usage error. */
        List<String> resolve(ServiceRegistry registry, List<String> ids, boolean all) {
            if (all) {
                return new ArrayList<>(registry.ids());
            }
            if (ids == null || ids.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "name at least one service, or --all");
            }
            for (String id : ids) {
                if (!registry.ids().contains(id)) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "no service '" + id + "' in the config; known: " + String.join(", ", registry.ids()));
                }
            }
            return ids;
        }

        /** Prints each outcome; returns 1 when any failed. */
        int report(Map<String, ServiceRegistry.Outcome> outcomes) {
            int code = OK;
            for (var e : outcomes.entrySet()) {
                ServiceRegistry.Outcome o = e.getValue();
                if (o.ok()) {
                    out().println(describe(o.snapshot()));
                } else {
                    printFailure(err(), o.error());
                    code = FAILED;
                }
            }
            return code;
        }
    }

    /** Said of a running service whose definition changed in the config. */
    static final String PENDING = "config changed: restart to apply";

    static String describe(ServiceSnapshot s) {
        StringBuilder b = new StringBuilder(s.id()).append(": ").append(s.state().name().toLowerCase());
        if (s.pid() != null) {
            b.append(" (PID ").append(s.pid()).append(')');
        }
        if (s.state() == ServiceState.RUNNING && s.url() != null) {
            b.append(' ').append(s.url());
        }
        if (s.lastError() != null && s.state() != ServiceState.RUNNING) {
            b.append(" — ").append(s.lastError());
        }
        if (s.pendingRestart()) {
            b.append(" (").append(PENDING).append(')');
        }
        return b.toString();
    }

    @Command(name = "status", description = "Shows every service and whether it runs.")
    static final class Status extends Base {
        @Option(names = "--json", description = "Print a JSON array (the stable, scriptable form).")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ServiceRegistry registry = context.registry();
            List<ServiceSnapshot> all = registry.snapshots();
            Path runDir = registry.environment().runDir();
            boolean supervised = HomeLock.supervised(runDir);
            if (json) {
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                ArrayNode array = mapper.createArrayNode();
                for (ServiceSnapshot s : all) {
                    ObjectNode o = array.addObject();
                    o.put("id", s.id());
                    o.put("kind", s.kind().configName());
                    o.put("version", s.version());
                    SupervisedView view = SupervisedView.of(s, runDir, supervised);
                    o.put("exactVersion", context.registry().manager(s.id()).flatMap(ServiceManager::installation)
                            .map(Installation::exactVersion).orElse(s.version()));
                    o.put("state", view.state().name());
                    if (s.pid() == null) {
                        o.putNull("pid");
                    } else {
                        o.put("pid", s.pid());
                    }
                    if (s.port() == null) {
                        o.putNull("port");
                    } else {
                        o.put("port", s.port());
                    }
                    o.put("pidFile", s.pidFile().toString());
                    o.put("logFile", s.logFile().toString());
                    o.put("url", s.url());
                    o.put("lastError", view.lastError());
                    o.put("pendingRestart", s.pendingRestart());
                    o.put("restarts", view.restarts());
                    o.put("health", view.health().jsonName());
                    o.put("nextRestartAt", view.nextRestartAt() == null ? null : view.nextRestartAt().toString());
                    o.put("supervised", supervised);
                }
                out().println(mapper.writeValueAsString(array));
                return OK;
            }
            out().printf("%-12s %-8s %-7s %-13s %-8s %-6s %s%n", "ID", "KIND", "VERSION", "STATE", "PID", "PORT", "URL / LAST ERROR");
            for (ServiceSnapshot s : all) {
                SupervisedView view = SupervisedView.of(s, runDir, supervised);
                String tail = s.state() == ServiceState.RUNNING ? nz(s.url()) : nz(view.lastError());
                if (s.pendingRestart()) {
                    tail = tail.isEmpty() ? PENDING : tail + " (" + PENDING + ")";
                }
                out().printf("%-12s %-8s %-7s %-13s %-8s %-6s %s%n", s.id(), s.kind().configName(), nz(s.version()),
                        view.state(), s.pid() == null ? "-" : s.pid(), s.port() == null ? "-" : s.port(), tail);
            }
            out().println(supervised ? "(supervised: crashed services are restarted)"
                    : "(not supervised: nothing restarts a crashed service; see `stackyard run`)");
            return OK;
        }

        private static String nz(Object o) {
            return o == null ? "" : o.toString();
        }
    }

    @Command(name = "start", description = "Starts services and returns when each is ready.")
    static final class Start extends Base {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "Services to start (their dependencies start first).")
        List<String> ids;
        @Option(names = "--all", description = "Start every configured service.")
        boolean all;

        @Override
        public Integer call() throws Exception {
            ServiceRegistry registry = context.registry();
            List<String> wanted = resolve(registry, ids, all);
            UserIntents.record(registry.environment().runDir(), wanted, "start");
            return report(registry.start(wanted));
        }
    }

    @Command(name = "stop", description = "Stops services and every worker they forked.")
    static final class Stop extends Base {
        @Parameters(paramLabel = "ID", arity = "0..*")
        List<String> ids;
        @Option(names = "--all", description = "Stop every configured service, in parallel.")
        boolean all;

        @Override
        public Integer call() throws Exception {
            ServiceRegistry registry = context.registry();
            List<String> wanted = resolve(registry, ids, all);
            UserIntents.record(registry.environment().runDir(), wanted, "stop");
            return report(registry.stop(wanted));
        }
    }

    @Command(name = "restart", description = "Stops, then starts services.")
    static final class Restart extends Base {
        @Parameters(paramLabel = "ID", arity = "1..*")
        List<String> ids;

        @Override
        public Integer call() throws Exception {
            ServiceRegistry registry = context.registry();
            List<String> wanted = resolve(registry, ids, false);
            UserIntents.record(registry.environment().runDir(), wanted, "start");
            Map<String, ServiceRegistry.Outcome> stopped = registry.stop(wanted);
            List<String> startable = new ArrayList<>();
            int code = OK;
            for (var e : stopped.entrySet()) {
                if (e.getValue().ok()) {
                    startable.add(e.getKey());
                } else {
                    printFailure(err(), e.getValue().error());
                    code = FAILED;
                }
            }
            return Math.max(code, report(registry.start(startable)));
        }
    }

    @Command(name = "logs", description = "Prints a service's log.")
    static final class Logs extends Base {
        @Parameters(paramLabel = "ID", arity = "1")
        String id;
        @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "How many lines from the end (default ${DEFAULT-VALUE}).")
        int lines;
        @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
        boolean follow;

        @Override
        public Integer call() throws Exception {
            ServiceRegistry registry = context.registry();
            resolve(registry, List.of(id), false);
            Path log = registry.manager(id).orElseThrow().logFile();
            if (lines < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "-n must not be negative");
            }
            LogFiles.tail(log, lines).forEach(out()::println);
            out().flush();
            if (follow) {
                follow(log);
            }
            return OK;
        }

        /** Prints what is appended, across rotations, woken by the file system rather than a sleep loop. */
        private void follow(Path log) throws IOException, InterruptedException {
            Files.createDirectories(log.getParent());
            LogFollower follower = LogFollower.fromEnd(log);
            try (WatchService watch = FileSystems.getDefault().newWatchService()) {
                log.getParent().register(watch, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
                while (!Thread.currentThread().isInterrupted()) {
                    if (follower.poll(out()::print)) {
                        out().flush();
                    }
                    var key = watch.poll(1, TimeUnit.SECONDS); // also wakes up now and then for missed events
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                }
            }
        }
    }

    @Command(name = "add", description = "Adds a service to the config (only postgres for now).")
    static final class Add extends Base {
        @Parameters(index = "0", paramLabel = "KIND", description = "postgres")
        String kind;
        @Parameters(index = "1", paramLabel = "ID", description = "New service id: lowercase letters, digits, dashes.")
        String id;
        @Option(names = "--version", description = "PostgreSQL major version (default: newest installed).")
        String version;
        @Option(names = "--port", description = "TCP port (default: the next free one from 5432).")
        Integer port;

        @Override
        public Integer call() throws Exception {
            if (!"postgres".equals(kind)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "add supports postgres only; edit the config for other kinds");
            }
            ServiceRegistry registry = context.registry();
            Optional<String> idProblem = NewServices.idProblem(id, registry.ids());
            if (idProblem.isPresent()) {
                throw new CommandLine.ParameterException(spec.commandLine(), idProblem.get());
            }
            List<Installation> installed = context.installations().find(ServiceKind.POSTGRES);
            String chosen = version;
            if (chosen != null && installed.stream().noneMatch(i -> dev.stackyard.core.bundle.Versions.matches(version, i.version()))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "PostgreSQL " + version + " is not installed; installed: "
                        + String.join(", ", installed.stream().map(Installation::version).toList())
                        + "; install it with: stackyard install postgres " + version);
            }
            Set<Integer> used = new HashSet<>();
            registry.snapshots().forEach(s -> {
                if (s.port() != null) {
                    used.add(s.port());
                }
            });
            int chosenPort;
            if (port != null) {
                if (port < 1 || port > 65535) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--port " + port + " is out of range 1..65535");
                }
                Optional<String> owner = registry.snapshots().stream().filter(s -> port.equals(s.port())).map(ServiceSnapshot::id).findFirst();
                if (owner.isPresent()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "port " + port + " is already used by '" + owner.get() + "'");
                }
                chosenPort = port;
            } else {
                chosenPort = NewServices.nextFreePort(5432, used, PortCheck::findFree);
            }
            ServiceDefinition def = ServiceDefinition.builder(id, ServiceKind.POSTGRES).version(chosen).port(chosenPort).build();
            context.addService(def);
            out().println("added " + id + " (postgres " + (chosen != null ? chosen
                    : installed.isEmpty() ? "newest" : installed.getFirst().version()) + ") on port " + chosenPort
                    + "; start it with: stackyard start " + id);
            return OK;
        }
    }

    @Command(name = "remove", description = "Removes a service from the config (stopping it first). Data is kept unless --delete-data.")
    static final class Remove extends Base {
        @Parameters(paramLabel = "ID", arity = "1")
        String id;
        @Option(names = "--delete-data", description = "Also delete the service's data (a postgres cluster, a redis dump).")
        boolean deleteData;

        @Override
        public Integer call() throws Exception {
            ServiceRegistry registry = context.registry();
            resolve(registry, List.of(id), false);
            ServiceManager manager = registry.manager(id).orElseThrow();
            if (deleteData && !manager.definition().kind().spec().keepsData()) {
                throw new CommandLine.ParameterException(spec.commandLine(), id + " is a " + manager.definition().kind()
                        + " service, which keeps no data; remove it without --delete-data");
            }
            UserIntents.record(registry.environment().runDir(), List.of(id), "stop");
            List<java.nio.file.Path> deleted = context.removeService(id, deleteData);
            if (deleteData) {
                out().println("removed " + id + (deleted.isEmpty() ? "; it had no data yet"
                        : " and deleted its data: " + deleted.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", "))));
            } else {
                out().println("removed " + id + " from the config; its data was kept");
            }
            return OK;
        }
    }
}
