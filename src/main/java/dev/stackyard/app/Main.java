package dev.stackyard.app;

import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.config.RootTrust;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.logging.AppLogProvider;

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
    private static final String PICOCLI_CLOSURES = "picocli.disable.closures";
    private static final String SLF4J_PROVIDER = "slf4j.provider";
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    private Main() {
    }

    /**
     * A lookup of a class or file that is in no jar reads the index of every jar on the class path
     * (31 in the package: about 90 ms of a CLI call, as much as the JVM's own start). Each of these
     * made one on every call, found by making the last jar a FIFO and reading the stack of the JVM
     * blocked opening it: picocli looks for Groovy's Closure class, SLF4J for its providers, logback
     * for configurators and a logback-test.xml, and the registry of service kinds for registration
     * files in other jars. Each is told here, before its first use, what it would have searched
     * for; each property is set only when not given already. (The log layout's time zone and
     * System.exit, the other two, are mended where they are: LineLayout, and the end of main.)
     */
    private static void avoidClassPathScans() {
        if (System.getProperty(PICOCLI_CLOSURES) == null) {
            System.setProperty(PICOCLI_CLOSURES, "true"); // no Groovy here
        }
        if (System.getProperty(ServiceKind.PLUGINS) == null) {
            System.setProperty(ServiceKind.PLUGINS, "false"); // the kinds of this jar only
        }
        if (System.getProperty(SLF4J_PROVIDER) == null && System.getProperty("logback.configurationFile") == null) {
            System.setProperty(SLF4J_PROVIDER, AppLogProvider.class.getName());
            if (System.getProperty(SLF4J_VERBOSITY) == null) {
                System.setProperty(SLF4J_VERBOSITY, "WARN"); // else it says on stderr which provider it took
            }
        }
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
        avoidClassPathScans();
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
        // Not System.exit: since JDK 17 it logs the exit through System.Logger, whose first use looks
        // for a LoggerFinder in every jar on the class path (the last of the scans avoidClassPathScans
        // explains): 30 to 50 ms at the end of each installed CLI call, measured side by side. Both
        // end every thread alike; halt only skips the shutdown hooks, and a command that returns here
        // has none left: install removes its own, and `run` never returns (its hook ends the JVM).
        // The JVM's own hooks are skipped too: -Dstackyard.systemExit=true keeps them for a tool
        // that needs one (a flight recording's dump at exit).
        System.out.flush();
        System.err.flush();
        if (Boolean.getBoolean("stackyard.systemExit")) {
            System.exit(code);
        }
        Runtime.getRuntime().halt(code);
    }
}
