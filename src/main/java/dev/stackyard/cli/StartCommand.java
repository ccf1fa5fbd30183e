package dev.stackyard.cli;

import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.supervise.UserIntents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stackyard start}: see the command's description; exit codes as {@link StackyardCli}. */
@Command(name = "start", description = "Starts services and returns when each is ready.")
final class StartCommand extends StackyardCli.Base {
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
