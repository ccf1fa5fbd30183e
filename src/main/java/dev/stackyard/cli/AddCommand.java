package dev.stackyard.cli;

import dev.stackyard.config.NewServices;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.probe.PortCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.stackyard.cli.StackyardCli.OK;

/** {@code stackyard add}: see the command's description; exit codes as {@link StackyardCli}. */
@Command(name = "add", description = "Adds a postgres or redis service to the config (redis with a generated password).")
final class AddCommand extends StackyardCli.Base {
    @Parameters(index = "0", paramLabel = "KIND", description = "postgres or redis")
    String kind;
    @Parameters(index = "1", paramLabel = "ID", description = "New service id: lowercase letters, digits, dashes.")
    String id;
    @Option(names = "--version", description = "Major version, e.g. 17 or 6.2 (default: newest installed).")
    String version;
    @Option(names = "--port", description = "TCP port (default: the next free one from 5432, or 6379 for redis).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        ServiceKind chosenKind = switch (kind) {
            case "postgres" -> ServiceKind.POSTGRES;
            case "redis" -> ServiceKind.REDIS;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "add supports postgres and redis; edit the config for other kinds");
        };
        String label = chosenKind == ServiceKind.POSTGRES ? "PostgreSQL" : "redis";
        ServiceRegistry registry = context.registry();
        Optional<String> idProblem = NewServices.idProblem(id, registry.ids());
        if (idProblem.isPresent()) {
            throw new CommandLine.ParameterException(spec.commandLine(), idProblem.get());
        }
        List<Installation> installed = context.installations().find(chosenKind);
        String chosen = version;
        if (chosen != null && installed.stream().noneMatch(i -> dev.stackyard.core.bundle.Versions.matches(version, i.version()))) {
            throw new CommandLine.ParameterException(spec.commandLine(), label + " " + version + " is not installed; installed: "
                    + String.join(", ", installed.stream().map(Installation::version).toList())
                    + "; install it with: stackyard install " + kind + " " + version);
        }
        Set<Integer> used = new HashSet<>();
        registry.snapshots().forEach(s -> {
            if (s.port() != null) {
                used.add(s.port());
            }
        });
        int chosenPort;
        if (port != null) {
            if (port < 1 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port " + port + " is out of range 1..65535");
            }
            Optional<String> owner = registry.snapshots().stream().filter(s -> port.equals(s.port())).map(ServiceSnapshot::id).findFirst();
            if (owner.isPresent()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "port " + port + " is already used by '" + owner.get() + "'");
            }
            chosenPort = port;
        } else {
            chosenPort = NewServices.nextFreePort(chosenKind.spec().port().example(), used, PortCheck::findFree);
        }
        // A new redis requires a password: without one any local account can read and change it.
        ServiceDefinition def = ServiceDefinition.builder(id, chosenKind).version(chosen).port(chosenPort)
                .password(chosenKind == ServiceKind.REDIS).build();
        context.addService(def);
        out().println("added " + id + " (" + kind + " " + (chosen != null ? chosen
                : installed.isEmpty() ? "newest" : installed.getFirst().version()) + ") on port " + chosenPort
                + "; start it with: stackyard start " + id);
        return OK;
    }
}
