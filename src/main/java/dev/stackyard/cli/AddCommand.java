package dev.stackyard.cli;

import dev.stackyard.config.NewServices;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.probe.PortCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.stackyard.cli.StackyardCli.OK;

/**
 * {@code stackyard add KIND ID}: a new instance of any kind whose descriptor has instances, by the
 * rules of {@link NewServices} (the window's Add dialog follows the same); exit codes as
 * {@link StackyardCli}.
 */
@Command(name = "add", description = "Adds an instance of a kind that takes several (one per project) to the config.")
final class AddCommand extends StackyardCli.Base {
    @Parameters(index = "0", paramLabel = "KIND", completionCandidates = KindNames.Instances.class,
            description = "${COMPLETION-CANDIDATES}")
    String kindName;
    @Parameters(index = "1", paramLabel = "ID", description = "New service id: lowercase letters, digits, dashes.")
    String id;
    @Option(names = "--version", description = "Major (17) or exact version (default: the newest installed).")
    String version;
    @Option(names = "--port", description = "TCP port (default: the next free one from the kind's usual port).")
    Integer port;

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
