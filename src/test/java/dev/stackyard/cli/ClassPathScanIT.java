package dev.stackyard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A CLI call never reads every jar on the class path: a lookup of a class or file that is in no
 * jar (a library probing for an optional one, a service loader, System.exit's logger) opens each
 * jar and reads its index, about 90 ms for the package's 31 (see app/Main). The test puts a FIFO
 * named like a jar last on the real class path: a JVM that opens it blocks there, so a call that
 * scans never ends. {@code status --json} and {@code stop} of a running process service must each
 * end, with their usual answers. (A call that spawns a process cannot avoid one scan: the JDK logs
 * each ProcessBuilder.start through System.Logger, whose first use looks in every jar.)
 */
class ClassPathScanIT {
    private static final long WAIT_SECONDS = 60;

    @Test
    void statusAndStopOpenNoJarTheyTakeNothingFrom(@TempDir Path tmp) throws Exception {
        Path jar = Path.of(System.getProperty("stackyard.jar", "target/stackyard.jar")).toAbsolutePath();
        List<String> classPath = new ArrayList<>(List.of(jar.toString()));
        try (JarFile j = new JarFile(jar.toFile())) {
            for (String entry : j.getManifest().getMainAttributes().getValue("Class-Path").split(" ")) {
                classPath.add(jar.resolveSibling(entry).toString());
            }
        }
        Path trap = tmp.resolve("zz-last-on-the-class-path.jar");
        assertEquals(0, new ProcessBuilder("mkfifo", trap.toString()).inheritIO().start().waitFor(), "mkfifo");
        classPath.add(trap.toString());

        Path home = Files.createDirectories(tmp.resolve("yard"));
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: worker
                    kind: process
                    command: ["sleep", "300"]
                """, StandardCharsets.UTF_8);
        String cp = String.join(":", classPath);
        try {
            // The start by the usual class path: the JDK logs every ProcessBuilder.start through
            // System.Logger, whose first use looks for a LoggerFinder in every jar (not ours to avoid).
            CliProcess.Run start = CliProcess.run(home, List.of(), "start", "worker");
            assertEquals(0, start.code(), start.err());
            String status = call(cp, home, tmp, "status", "--json");
            assertTrue(status.contains("\"RUNNING\""), status);
            assertEquals("worker: stopped", call(cp, home, tmp, "stop", "worker"));
        } finally {
            CliProcess.run(home, List.of(), "stop", "--all"); // by the usual class path, whatever failed above
        }
    }

    /** Runs one call; its output, stripped; fails (with the blocked stack) when it does not end. */
    private static String call(String classPath, Path home, Path tmp, String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                "dev.stackyard.app.Main"));
        command.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("STACKYARD_HOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            // SIGQUIT: the JVM prints every thread's stack to its output, the scanning one among them.
            new ProcessBuilder("kill", "-QUIT", Long.toString(p.pid())).start().waitFor();
            Thread.sleep(1000); // the dump is written by the JVM's own thread; nothing to wait on but time
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail("`stackyard " + String.join(" ", args) + "` opened the last jar on the class path (a FIFO):"
                    + " something looked for a class or file in every jar:\n" + blockedStack(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    /** The stack of the thread blocked opening the FIFO, from the JVM's thread dump. */
    private static String blockedStack(Path out) throws IOException {
        try (InputStream in = Files.newInputStream(out)) {
            String dump = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String thread : dump.split("\n\n")) {
                if (thread.contains("ZipFile$Source")) {
                    return thread;
                }
            }
            return dump;
        }
    }
}
