package dev.stackyard.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs target/stackyard.jar as a separate JVM with a STACKYARD_HOME and extra environment. */
final class CliProcess {
    private CliProcess() {
    }

    record Run(int code, String out, String err) {
    }

    /** Starts {@code stackyard args}, its output discarded. */
    static Process start(Path home, List<String> env, String... args) throws IOException {
        return builder(home, env, args).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Runs {@code stackyard args} to its end (at most 5 minutes). */
    static Run run(Path home, List<String> env, String... args) throws IOException, InterruptedException {
        return finish(builder(home, env, args), args);
    }

    /** Runs {@code pb} (a stackyard command line ending in {@code args}) to its end, at most 5 minutes. */
    static Run finish(ProcessBuilder pb, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("stackyard " + String.join(" ", args) + " did not finish");
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private static ProcessBuilder builder(Path home, List<String> env, String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                System.getProperty("stackyard.jar", "target/stackyard.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("STACKYARD_HOME", home.toString());
        for (String e : env) {
            int eq = e.indexOf('=');
            pb.environment().put(e.substring(0, eq), e.substring(eq + 1));
        }
        return pb;
    }

    static JsonNode find(JsonNode array, String id) {
        for (JsonNode n : array) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError("no " + id + " in " + array);
    }

    /** A port free right now on 127.0.0.1 (the service binds it moments later). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
