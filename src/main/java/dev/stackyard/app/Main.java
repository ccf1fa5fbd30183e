package dev.stackyard.app;

import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.config.RootTrust;
import dev.stackyard.core.service.ServiceEnvironment;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Entry point: a command runs the command line; no arguments opens the window; {@code --hidden}
 * alone starts the window hidden in the tray (the login entry's way).
 */
public final class Main {
    /** The one argument that still means the window: started hidden in the tray. */
    static final String HIDDEN = "--hidden";
    private static final String NATIVE_REFLECTION = "jdk.reflect.useNativeAccessorOnly";

    private Main() {
    }

    public static void main(String[] args) {
        // Reflection through JNI rather than method handles: the record binding of the config
        // (RecordBinder) and FXML call constructors and setters once each, and a method-handle
        // accessor makes classes at run time for every shape (a 24-argument constructor: ten),
        // which no AOT cache keeps. packaging/jvm.options gives the launchers the same; a plain
        // `java -jar` gets it here, before the first reflective call fixes the choice.
        if (System.getProperty(NATIVE_REFLECTION) == null) {
            System.setProperty(NATIVE_REFLECTION, "true");
        }
        AppDirs dirs = AppDirs.fromEnvironment();
        try {
            // As root, before anything is written there (the app's log included): see RootTrust.
            RootTrust.check(dirs, ServiceEnvironment.effectiveUid());
        } catch (IOException e) {
            System.err.println("stackyard: " + e.getMessage());
            System.exit(1);
        }
        // Before the first logger exists: the app's own log goes beside the service logs.
        System.setProperty("stackyard.logDir", dirs.logDir().toString());
        if (Boolean.getBoolean("stackyard.aotTraining")) {
            // Packaging's AOT training run (packaging/aot-train.sh): the CLI's classes, then the
            // window's, in one JVM, so that one cache serves both ways of starting.
            try (StackyardContext context = new StackyardContext(dirs)) {
                PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
                StackyardCli.run(context, nowhere, nowhere, new String[] {"status"});
                StackyardCli.run(context, nowhere, nowhere, new String[] {"status", "--json"});
            }
            args = new String[0];
        }
        if (args.length == 0 || (args.length == 1 && HIDDEN.equals(args[0]))) {
            System.exit(WindowLauncher.launch(dirs, args.length == 1));
        }
        int code;
        try (StackyardContext context = new StackyardContext(dirs)) {
            code = StackyardCli.run(context, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                    new PrintWriter(System.err, true, StandardCharsets.UTF_8), args);
        }
        System.exit(code);
    }
}
