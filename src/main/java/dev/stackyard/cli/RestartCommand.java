package dev.stackyard.cli;

import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.supervise.UserIntents;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.stackyard.cli.StackyardCli.FAILED;
import static dev.stackyard.cli.StackyardCli.OK;
import static dev.stackyard.cli.StackyardCli.printFailure;

/** {@code stackyard restart}: see the command's description; exit codes as {@link StackyardCli}. */
final class RestartCommand extends StackyardCli.Base {
    List<String> ids;

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "restart", "Stops, then starts services.");
        model.addPositional(CommandModel.positionals("ID", "1..*", () -> ids, v -> ids = v).build());
        return model;
    }

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
