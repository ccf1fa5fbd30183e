package dev.stackyard.cli;

import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.supervise.UserIntents;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;

import static dev.stackyard.cli.StackyardCli.OK;

/** {@code stackyard remove}: see the command's description; exit codes as {@link StackyardCli}. */
final class RemoveCommand extends StackyardCli.Base {
    String id;
    boolean deleteData;

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "remove",
                "Removes a service from the config (stopping it first). Data is kept unless --delete-data.");
        model.addPositional(CommandModel.positional("ID", "1", String.class, () -> id, v -> id = v).build());
        model.addOption(CommandModel.flag("--delete-data", () -> deleteData, v -> deleteData = v)
                .description("Also delete the service's data (a postgres cluster, a redis dump).").build());
        return model;
    }

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
