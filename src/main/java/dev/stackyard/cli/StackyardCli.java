package dev.stackyard.cli;

import dev.stackyard.config.ConfigException;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.site.SiteException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The command line: the contract scripts and users rely on. Exit codes: 0 done; 1 an operation
 * failed (stderr: one line saying what and why, then the log tail); 2 bad usage or invalid config.
 */
@Command(name = "stackyard", mixinStandardHelpOptions = true, version = "Stackyard 0.1",
        description = "Runs nginx, php-fpm, redis and PostgreSQL as your own processes.%n"
                + "With no command, opens the window; with --hidden, starts it in the tray (as at login).")
public final class StackyardCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /**
     * The subcommands, by name, in the order help lists them. Not in {@code @Command(subcommands)}:
     * picocli builds the model of every listed command by reflection over its annotations, which
     * was the larger part of a CLI call; a command line that names one of these builds only that
     * one (help, usage errors and unknown names still get all). Each name is its class's
     * {@code @Command(name)} (StackyardCliTest checks).
     */
    static final List<Map.Entry<String, Class<? extends Base>>> COMMANDS = List.of(
            Map.entry("status", StatusCommand.class), Map.entry("start", StartCommand.class),
            Map.entry("stop", StopCommand.class), Map.entry("restart", RestartCommand.class),
            Map.entry("logs", LogsCommand.class), Map.entry("add", AddCommand.class),
            Map.entry("remove", RemoveCommand.class), Map.entry("versions", VersionCommands.ListVersions.class),
            Map.entry("install", VersionCommands.Install.class), Map.entry("uninstall", VersionCommands.Uninstall.class),
            Map.entry("run", RunCommand.class), Map.entry("events", EventsCommand.class),
            Map.entry("site", SiteCommand.class), Map.entry("export", ExportCommand.class),
            Map.entry("autostart", AutostartCommand.class),
            Map.entry("sendmail", SendmailCommand.class),
            Map.entry("mail", MailCommand.class));

    private final CliContext context;

    private StackyardCli(CliContext context) {
        this.context = context;
    }

    /** Runs one command line and returns its exit code. */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = new CommandLine(new StackyardCli(context), new Factory(context));
        String called = args.length > 0 ? args[0] : "";
        boolean known = COMMANDS.stream().anyMatch(c -> c.getKey().equals(called));
        for (Map.Entry<String, Class<? extends Base>> c : COMMANDS) {
            if (!known || c.getKey().equals(called)) {
                cmd.addSubcommand(c.getKey(), c.getValue()); // a class: built through the Factory
            }
        }
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

}
