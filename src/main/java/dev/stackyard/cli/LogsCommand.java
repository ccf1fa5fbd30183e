package dev.stackyard.cli;

import dev.stackyard.core.logs.LogFollower;
import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.service.ServiceRegistry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.stackyard.cli.StackyardCli.OK;

/** {@code stackyard logs}: see the command's description; exit codes as {@link StackyardCli}. */
final class LogsCommand extends StackyardCli.Base {
    String id;
    int lines;
    boolean follow;

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "logs", "Prints a service's log.");
        model.addPositional(CommandModel.positional("ID", "1", String.class, () -> id, v -> id = v).build());
        model.addOption(CommandModel.option("-n --lines", int.class, () -> lines, v -> lines = v).paramLabel("<lines>")
                .defaultValue("50").description("How many lines from the end (default ${DEFAULT-VALUE}).").build());
        model.addOption(CommandModel.flag("-f --follow", () -> follow, v -> follow = v)
                .description("Keep printing new lines until interrupted.").build());
        return model;
    }

    @Override
    public Integer call() throws Exception {
        ServiceRegistry registry = context.registry();
        resolve(registry, List.of(id), false);
        Path log = registry.manager(id).orElseThrow().logFile();
        if (lines < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must not be negative");
        }
        LogFiles.tail(log, lines).forEach(out()::println);
        out().flush();
        if (follow) {
            follow(log);
        }
        return OK;
    }

    /** Prints what is appended, across rotations, woken by the file system rather than a sleep loop. */
    private void follow(Path log) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        LogFollower follower = LogFollower.fromEnd(log);
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            log.getParent().register(watch, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            while (!Thread.currentThread().isInterrupted()) {
                if (follower.poll(out()::print)) {
                    out().flush();
                }
                var key = watch.poll(1, TimeUnit.SECONDS); // also wakes up now and then for missed events
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }
}
