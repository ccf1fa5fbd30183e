package dev.stackyard.cli;

import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.supervise.UserIntents;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/** {@code stackyard stop}: see the command's description; exit codes as {@link StackyardCli}. */
final class StopCommand extends StackyardCli.Base {
    List<String> ids;
    boolean all;

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "stop", "Stops services and every worker they forked.");
        model.addPositional(CommandModel.positionals("ID", "0..*", () -> ids, v -> ids = v).build());
        model.addOption(CommandModel.flag("--all", () -> all, v -> all = v).description("Stop every configured service, in parallel.").build());
        return model;
    }

    @Override
    public Integer call() throws Exception {
        ServiceRegistry registry = context.registry();
        List<String> wanted = resolve(registry, ids, all);
        UserIntents.record(registry.environment().runDir(), wanted, "stop");
        return report(registry.stop(wanted));
    }
}
