package dev.stackyard.cli;

import dev.stackyard.core.logs.LogFollower;
import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.service.ServiceRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
@Command(name = "logs", description = "Prints a service's log.")
final class LogsCommand extends StackyardCli.Base {
    @Parameters(paramLabel = "ID", arity = "1")
    String id;
    @Option(names = {"-n", "--lines"}, defaultValue = "50", description = "How many lines from the end (default ${DEFAULT-VALUE}).")
    int lines;
    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until interrupted.")
    boolean follow;

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
