package dev.stackyard.cli;

import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.supervise.UserIntents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code stackyard stop}: see the command's description; exit codes as {@link StackyardCli}. */
@Command(name = "stop", description = "Stops services and every worker they forked.")
final class StopCommand extends StackyardCli.Base {
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
