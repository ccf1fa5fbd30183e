package dev.stackyard.cli;

import dev.stackyard.config.NewServices;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.probe.PortCheck;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.stackyard.cli.StackyardCli.OK;

/**
 * {@code stackyard add KIND ID}: a new instance of any kind whose descriptor has instances, by the
 * rules of {@link NewServices} (the window's Add dialog follows the same); exit codes as
 * {@link StackyardCli}.
 */
final class AddCommand extends StackyardCli.Base {
    String kindName;
    String id;
    String version;
    Integer port;

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "add",
                "Adds an instance of a kind that takes several (one per project) to the config.");
        model.addPositional(CommandModel.positional("KIND", "1", String.class, () -> kindName, v -> kindName = v).index("0")
                .completionCandidates(new KindNames.Instances()).description("${COMPLETION-CANDIDATES}").build());
        model.addPositional(CommandModel.positional("ID", "1", String.class, () -> id, v -> id = v).index("1")
                .description("New service id: lowercase letters, digits, dashes.").build());
        model.addOption(CommandModel.option("--version", String.class, () -> version, v -> version = v).paramLabel("<version>")
                .description("Major (17) or exact version (default: the newest installed).").build());
        model.addOption(CommandModel.option("--port", Integer.class, () -> port, v -> port = v).paramLabel("<port>")
                .description("TCP port (default: the next free one from the kind's usual port).").build());
        return model;
    }

    @Override
    public Integer call() throws Exception {
        ServiceKind kind;
        try {
            kind = NewServices.instanceKind(kindName);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ServiceRegistry registry = context.registry();
        Optional<String> idProblem = NewServices.idProblem(id, registry.ids());
        if (idProblem.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), idProblem.get());
        }
        List<String> installed = context.installations().find(kind).stream().map(Installation::version).toList();
        Optional<String> versionProblem = NewServices.versionProblem(kind, version, installed);
        if (versionProblem.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), versionProblem.get());
        }
        Map<Integer, String> owners = NewServices.portOwners(registry.snapshots());
        int chosenPort;
        if (port != null) {
            Optional<String> portProblem = NewServices.portProblem(port, owners);
            if (portProblem.isPresent()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port: " + portProblem.get());
            }
            chosenPort = port;
        } else {
            chosenPort = NewServices.suggestedPort(kind, owners.keySet(), PortCheck::findFree);
        }
        ServiceDefinition def = NewServices.instance(kind, id, version, chosenPort);
        context.addService(def);
        out().println("added " + id + " (" + kind + " " + (version != null ? version
                : installed.isEmpty() ? "newest" : installed.getFirst()) + ") on port " + chosenPort
                + "; start it with: stackyard start " + id);
        return OK;
    }
}
