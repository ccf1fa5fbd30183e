package dev.stackyard.cli;

import dev.stackyard.config.Config;
import dev.stackyard.export.ComposeExport;
import dev.stackyard.export.ComposeFiles;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;

/** {@code stackyard export ...}: the stack written for another engine. */
final class ExportCommand extends StackyardCli.Base {

    @Override
    CommandSpec model() {
        return withSubcommands(CommandModel.command(this, "export", "Writes the stack for another engine."), new Compose());
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return StackyardCli.USAGE;
    }

    static final class Compose extends StackyardCli.Base {
        Path output = Path.of("compose.yaml");
        List<String> ids = List.of();

        @Override
        CommandSpec model() {
            CommandSpec model = CommandModel.command(this, "compose",
                    "Writes a Compose file that runs the configured services (or the ones named, with what they need) "
                            + "in containers of their official images, at the versions they run now, each port on 127.0.0.1.",
                    "Passwords go to the .env beside it (mode 0600). Services no image can run (process) are listed "
                            + "at the top of the file and said here.");
            model.addOption(CommandModel.option("-o --output", Path.class, () -> output, v -> output = v).paramLabel("FILE")
                    .description("The Compose file to write (default: compose.yaml in the current folder).").build());
            model.addPositional(CommandModel.positionals("ID", "0..*", () -> ids, v -> ids = v)
                    .description("Services to export (default: all).").build());
            return model;
        }

        @Override
        public Integer call() throws Exception {
            Config config = context.configStore().load();
            ComposeExport.Result result;
            try {
                result = new ComposeExport(config, context.installations()).export(ids);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            result.skipped().forEach(s -> err().println(s.describe()));
            result.dropped().forEach(d -> err().println(d));
            if (!result.pulledIn().isEmpty()) {
                err().println("also exported, as the services named need them: " + String.join(", ", result.pulledIn()));
            }
            ComposeFiles.Written written = ComposeFiles.write(output, result);
            out().println("wrote " + written.compose() + " (" + result.exported().size() + " service"
                    + (result.exported().size() == 1 ? "" : "s") + ": " + String.join(", ", result.exported()) + ")");
            for (Path file : written.files()) {
                out().println("wrote " + file);
            }
            if (!written.addedSecrets().isEmpty()) {
                out().println("new passwords in " + written.env() + ": " + String.join(", ", written.addedSecrets()));
            } else if (!result.secrets().isEmpty()) {
                out().println("passwords: " + written.env() + " (unchanged)");
            }
            return StackyardCli.OK;
        }
    }
}
