package dev.stackyard.app;

import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point: a command runs the command line; no arguments opens the window. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        AppDirs dirs = AppDirs.fromEnvironment();
        // Before the first logger exists: the app's own log goes beside the service logs.
        System.setProperty("stackyard.logDir", dirs.logDir().toString());
        if (args.length == 0) {
            System.exit(WindowLauncher.launch(dirs));
        }
        int code;
        try (StackyardContext context = new StackyardContext(dirs)) {
            code = StackyardCli.run(context, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                    new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
        }
        System.exit(code);
    }
}
