package dev.stackyard.cli;

import dev.stackyard.core.logs.LogFollower;
import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.supervise.EventLog;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/** {@code stackyard events [-n N] [-f] [--json]}: the state changes of every service, from {@code LOGS/events.log}. */
final class EventsCommand extends StackyardCli.Base {
    int lines;
    boolean follow;
    boolean json;

    @Override
    CommandSpec model() {
        CommandSpec model = CommandModel.command(this, "events", "Prints the state changes of every service (logs/events.log).");
        model.addOption(CommandModel.option("-n --lines", int.class, () -> lines, v -> lines = v).paramLabel("<lines>")
                .defaultValue("50").description("How many from the end (default ${DEFAULT-VALUE}).").build());
        model.addOption(CommandModel.flag("-f --follow", () -> follow, v -> follow = v)
                .description("Keep printing new events until interrupted.").build());
        model.addOption(CommandModel.flag("--json", () -> json, v -> json = v).description("Print the JSON lines as stored.").build());
        return model;
    }

    private final StringBuilder partial = new StringBuilder();

    @Override
    public Integer call() throws Exception {
        if (lines < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must not be negative");
        }
        Path file = EventLog.file(context.registry().environment().logDir());
        LogFollower follower = LogFollower.fromEnd(file);
        LogFiles.tail(file, lines).forEach(this::print);
        out().flush();
        if (follow) {
            follow(file, follower);
        }
        return StackyardCli.OK;
    }

    private void print(String line) {
        if (!line.isBlank()) {
            out().println(json ? line : EventLog.format(line));
        }
    }

    private void follow(Path file, LogFollower follower) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
            while (!Thread.currentThread().isInterrupted()) {
                if (follower.poll(this::chunk)) {
                    out().flush();
                }
                WatchKey key = watch.poll(1, TimeUnit.SECONDS); // also wakes now and then for a missed event
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    private void chunk(String text) {
        partial.append(text);
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            print(partial.substring(0, nl));
            partial.delete(0, nl + 1);
        }
    }
}
