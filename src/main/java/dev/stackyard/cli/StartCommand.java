package dev.stackyard.cli;

import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.supervise.UserIntents;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

/** {@code stackyard start}: see the command's description; exit codes as {@link StackyardCli}. */
final class StartCommand extends StackyardCli.Base {
    List<String> ids;
    boolean all;

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "start", "Starts services and returns when each is ready.");
        model.addPositional(CommandModel.positionals("ID", "0..*", () -> ids, v -> ids = v)
                .description("Services to start (their dependencies start first).").build());
        model.addOption(CommandModel.flag("--all", () -> all, v -> all = v).description("Start every configured service.").build());
        return model;
    }

    @Override
    public Integer call() throws Exception {
        ServiceRegistry registry = context.registry();
        List<String> wanted = resolve(registry, ids, all);
        UserIntents.record(registry.environment().runDir(), wanted, "start");
        return report(registry.start(wanted));
    }
}
