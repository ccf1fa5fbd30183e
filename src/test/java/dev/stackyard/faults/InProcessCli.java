package dev.stackyard.faults;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code stackyard} invocation in this JVM: its own context (registry, locks), closed at its end. */
final class InProcessCli {
    private InProcessCli() {
    }

    record Run(int code, String out, String err) {
    }

    static Run run(AppDirs dirs, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (StackyardContext context = new StackyardContext(dirs)) {
            code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
        }
        return new Run(code, out.toString(), err.toString());
    }
}
