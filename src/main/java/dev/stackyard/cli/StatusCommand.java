package dev.stackyard.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackyard.core.json.JsonText;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.supervise.HomeLock;
import dev.stackyard.core.supervise.SupervisedView;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.List;

import static dev.stackyard.cli.StackyardCli.OK;
import static dev.stackyard.cli.StackyardCli.PENDING;

/** {@code stackyard status}: see the command's description; exit codes as {@link StackyardCli}. */
final class StatusCommand extends StackyardCli.Base {
    boolean json;

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "status", "Shows every service and whether it runs.");
        model.addOption(CommandModel.flag("--json", () -> json, v -> json = v)
                .description("Print a JSON array (the stable, scriptable form).").build());
        return model;
    }

    @Override
    public Integer call() throws Exception {
        ServiceRegistry registry = context.registry();
        List<ServiceSnapshot> all = registry.snapshots();
        Path runDir = registry.environment().runDir();
        boolean supervised = HomeLock.supervised(runDir);
        if (json) {
            ArrayNode array = JsonText.array();
            for (ServiceSnapshot s : all) {
                ObjectNode o = array.addObject();
                o.put("id", s.id());
                o.put("kind", s.kind().configName());
                o.put("version", s.version());
                SupervisedView view = SupervisedView.of(s, runDir, supervised);
                o.put("exactVersion", s.exactVersion());
                o.put("nextVersion", s.nextVersion());
                o.put("state", view.state().name());
                if (s.pid() == null) {
                    o.putNull("pid");
                } else {
                    o.put("pid", s.pid());
                }
                if (s.port() == null) {
                    o.putNull("port");
                } else {
                    o.put("port", s.port());
                }
                o.put("pidFile", s.pidFile().toString());
                o.put("logFile", s.logFile().toString());
                o.put("url", s.url());
                o.put("lastError", view.lastError());
                o.put("pendingRestart", s.pendingRestart());
                o.put("notice", s.notice());
                o.put("restarts", view.restarts());
                o.put("health", view.health().jsonName());
                o.put("nextRestartAt", view.nextRestartAt() == null ? null : view.nextRestartAt().toString());
                o.put("supervised", supervised);
            }
            out().println(JsonText.pretty(array));
            return OK;
        }
        out().printf("%-12s %-8s %-7s %-13s %-8s %-6s %s%n", "ID", "KIND", "VERSION", "STATE", "PID", "PORT", "URL / LAST ERROR");
        for (ServiceSnapshot s : all) {
            SupervisedView view = SupervisedView.of(s, runDir, supervised);
            String tail = s.state() == ServiceState.RUNNING ? nz(s.url()) : nz(view.lastError());
            if (s.pendingRestart()) {
                tail = tail.isEmpty() ? PENDING : tail + " (" + PENDING + ")";
            } else if (s.notice() != null) {
                tail = tail.isEmpty() ? s.notice() : tail + " (" + s.notice() + ")";
            }
            if (s.nextVersion() != null) {
                String next = "next start runs " + s.kind().configName() + " " + s.nextVersion();
                tail = tail.isEmpty() ? next : tail + " (" + next + ")";
            }
            out().printf("%-12s %-8s %-7s %-13s %-8s %-6s %s%n", s.id(), s.kind().configName(), nz(s.version()),
                    view.state(), s.pid() == null ? "-" : s.pid(), s.port() == null ? "-" : s.port(), tail);
        }
        out().println(supervised ? "(supervised: crashed services are restarted)"
                : "(not supervised: nothing restarts a crashed service; see `stackyard run`)");
        return OK;
    }

    private static String nz(Object o) {
        return o == null ? "" : o.toString();
    }
}
