package dev.stackyard.cli;

import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.supervise.UserIntents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.stackyard.cli.StackyardCli.OK;
import static dev.stackyard.cli.StackyardCli.FAILED;
import static dev.stackyard.cli.StackyardCli.printFailure;

/** {@code stackyard restart}: see the command's description; exit codes as {@link StackyardCli}. */
@Command(name = "restart", description = "Stops, then starts services.")
final class RestartCommand extends StackyardCli.Base {
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
