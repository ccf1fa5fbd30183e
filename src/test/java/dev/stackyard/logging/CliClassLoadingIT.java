package dev.stackyard.logging;

import dev.stackyard.usecase.StackControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CLI call loads what the command line needs and nothing of the window: no JavaFX class, no
 * window class (app.Window*), no XML logging configuration (logback's Joran), and no Jackson
 * ObjectMapper (building the first one costs 0.2 to 0.3 s of a cold call; the config and the JSON
 * output go through the tree and the streaming parser and generator), and no dynamic proxy: the
 * command line's model is built in code (cli.CommandModel), so no annotation is read, which the JDK
 * answers with a proxy class it generates. Runs the built jar as packaging/stackyard does, with
 * -Xlog:class+load.
 */
class CliClassLoadingIT {

    @Test
    void statusLoadsNoJavaFxNoWindowNoXmlLoggingNoObjectMapperAndNoProxy(@TempDir Path home) throws Exception {
        Path classes = home.resolve("classes.txt");
        Process p = cli(home, classes, "status", "--json");
        assertEquals(0, p.exitValue(), read(home));
        List<String> loaded = loaded(classes);
        List<String> unwanted = loaded.stream()
                .filter(c -> c.startsWith("javafx.") || c.startsWith("com.sun.javafx.") || c.startsWith("com.sun.glass.")
                        || c.startsWith("dev.stackyard.app.Window")
                        || c.startsWith("ch.qos.logback.core.joran.event.") || c.equals("ch.qos.logback.classic.joran.JoranConfigurator")
                        || c.equals("com.fasterxml.jackson.databind.ObjectMapper")
                        || c.contains("$Proxy"))
                .toList();
        assertEquals(List.of(), unwanted, "classes a CLI call should not load");
    }

    /**
     * Reading the config initialises no {@code java.math.BigDecimal}: JDK 25's static initialiser
     * computes 5^65536 (about 23 ms of a cold call), and Jackson's parsers hold BigDecimal
     * constants, so the config's YAML is read through SnakeYAML's parser directly (YamlDocument).
     */
    @Test
    void statusInitialisesNoBigDecimal(@TempDir Path home) throws Exception {
        writeConfig(home, """
                services:
                  - id: cache
                    kind: redis
                    port: 6399
                  - id: worker
                    kind: process
                    command: ["sleep", "300"]
                    env: {RATE: "1.5", EMPTY: ""}
                """);
        Path log = home.resolve("init.txt");
        Process p = cli(home, null, List.of("-Xlog:class+init=info:file=" + log), "status", "--json");
        String out = read(home);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("\"id\" : \"worker\""), out);
        List<String> initialised = Files.readAllLines(log).stream().filter(l -> l.contains(" Initializing '")).toList();
        assertTrue(initialised.size() > 300, "the init log looks empty: " + initialised.size() + " lines");
        assertTrue(initialised.stream().anyMatch(l -> l.contains("'dev/stackyard/config/YamlDocument'")), "the config was read");
        assertEquals(List.of(), initialised.stream().filter(l -> l.contains("'java/math/BigDecimal'")).toList(),
                "a status call should not initialise BigDecimal");
    }

    /**
     * With a service running that another call started, {@code status} reports it without adopting
     * it: no pidfd and no exit watch, so the foreign-function linker (about 100 ms of a cold call:
     * its classes and the downcall stubs it spins) is never loaded. A {@code stop} still ends it.
     */
    @Test
    void statusOfARunningServiceLoadsNoForeignLinker(@TempDir Path home) throws Exception {
        writeConfig(home, """
                services:
                  - id: worker
                    kind: process
                    command: ["sleep", "300"]
                """);
        assertEquals(0, cli(home, null, "start", "worker").exitValue(), read(home));
        try {
            Path classes = home.resolve("classes.txt");
            Process status = cli(home, classes, "status", "--json");
            String out = read(home);
            assertEquals(0, status.exitValue(), out);
            com.fasterxml.jackson.databind.JsonNode worker = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out).get(0);
            assertEquals("worker", worker.get("id").asText(), out);
            assertEquals("RUNNING", worker.get("state").asText(), out);
            List<String> loaded = loaded(classes);
            assertTrue(loaded.contains("dev.stackyard.core.process.ProcFs"), "the identity rule read /proc");
            assertEquals(List.of(), loaded.stream()
                            .filter(c -> c.equals("java.lang.foreign.Linker") || c.equals("jdk.internal.foreign.abi.AbstractLinker")
                                    || c.equals("jdk.internal.foreign.abi.SharedUtils")).toList(),
                    "classes a report of a running service should not load");
        } finally {
            assertEquals(0, cli(home, null, "stop", "worker").exitValue(), read(home));
        }
    }

    /** The config of the home the calls use ({@code HOME/yard}). */
    private static void writeConfig(Path home, String yaml) throws Exception {
        Files.writeString(Files.createDirectories(home.resolve("yard")).resolve("stackyard.yaml"), yaml, StandardCharsets.UTF_8);
    }

    private static Process cli(Path home, Path classLog, String... args) throws Exception {
        return cli(home, classLog, List.of(), args);
    }

    private static Process cli(Path home, Path classLog, List<String> jvmOptions, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("stackyard.jar", "target/stackyard.jar"));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        if (classLog != null) {
            command.add("-Xlog:class+load=info:file=" + classLog);
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("out.txt").toFile());
        pb.environment().put("STACKYARD_HOME", home.resolve("yard").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) || destroy(p), String.join(" ", args) + " did not finish");
        return p;
    }

    private static String read(Path home) throws Exception {
        return Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    private static List<String> loaded(Path classes) throws Exception {
        List<String> loaded = Files.readAllLines(classes).stream()
                .map(line -> line.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", ""))
                .map(line -> line.split(" ", 2)[0]).toList();
        assertTrue(loaded.size() > 500, "the class log looks empty: " + loaded.size() + " lines");
        return loaded;
    }

    private static boolean destroy(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return false;
    }
}
