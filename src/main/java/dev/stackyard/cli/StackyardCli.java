package dev.stackyard.cli;

import dev.stackyard.config.ConfigException;
import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.site.SiteException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The command line: the contract scripts and users rely on. Exit codes: 0 done; 1 an operation
 * failed (stderr: one line saying what and why, then the log tail); 2 bad usage or invalid config.
 * Each command declares its picocli model in code ({@link Base#model()}, {@link CommandModel} says why).
 */
public final class StackyardCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    /**
     * The subcommands' names, in the order help lists them. A command line that names one of these
     * builds only that one's model; help, usage errors and unknown names get all.
     */
    static final List<String> COMMANDS = List.of("status", "start", "stop", "restart", "logs", "add", "remove",
            "versions", "install", "uninstall", "run", "events", "site", "export", "autostart", "sendmail", "mail");

    /** A new command of that name (one of {@link #COMMANDS}). */
    static Base command(String name) {
        return switch (name) {
            case "status" -> new StatusCommand();
            case "start" -> new StartCommand();
            case "stop" -> new StopCommand();
            case "restart" -> new RestartCommand();
            case "logs" -> new LogsCommand();
            case "add" -> new AddCommand();
            case "remove" -> new RemoveCommand();
            case "versions" -> new VersionCommands.ListVersions();
            case "install" -> new VersionCommands.Install();
            case "uninstall" -> new VersionCommands.Uninstall();
            case "run" -> new RunCommand();
            case "events" -> new EventsCommand();
            case "site" -> new SiteCommand();
            case "export" -> new ExportCommand();
            case "autostart" -> new AutostartCommand();
            case "sendmail" -> new SendmailCommand();
            case "mail" -> new MailCommand();
            default -> throw new IllegalArgumentException("no command '" + name + "'");
        };
    }

    /** Runs one command line and returns its exit code. */
    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = commandLine(context, args);
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

    /** The model for this command line: the root and the command it names, or every command when it names none. */
    static CommandLine commandLine(CliContext context, String... args) {
        CommandSpec root = CommandSpec.wrapWithoutInspection(new StackyardCli());
        root.name("stackyard").version("Stackyard 0.1");
        root.usageMessage().description("Runs nginx, php-fpm, redis and PostgreSQL as your own processes.%n"
                + "With no command, opens the window; with --hidden, starts it in the tray (as at login).");
        // What picocli's mixinStandardHelpOptions adds, without the reflection over its mixin class.
        root.addOption(OptionSpec.builder("-h", "--help").type(boolean.class).usageHelp(true)
                .description("Show this help message and exit.").build());
        root.addOption(OptionSpec.builder("-V", "--version").type(boolean.class).versionHelp(true)
                .description("Print version information and exit.").build());
        CommandLine cmd = new CommandLine(root);
        String called = args.length > 0 ? args[0] : "";
        boolean known = COMMANDS.contains(called);
        for (String name : COMMANDS) {
            if (!known || name.equals(called)) {
                Base command = command(name);
                command.context = context;
                cmd.addSubcommand(name, command.model());
            }
        }
        return cmd;
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
        /** This command's model, once {@link #model()} built it. */
        CommandSpec spec;

        /** This command's picocli model (see {@link CommandModel}), its arguments bound to its fields. */
        abstract CommandSpec model();

        /** Adds these commands to {@code model} as its subcommands, in this order; they share this one's context. */
        CommandSpec withSubcommands(CommandSpec model, Base... commands) {
            for (Base command : commands) {
                command.context = context;
                CommandSpec sub = command.model();
                model.addSubcommand(sub.name(), sub);
            }
            return model;
        }

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
