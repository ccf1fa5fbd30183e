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
 * output go through the tree and the streaming parser and generator). Runs the built jar as
 * packaging/stackyard does, with -Xlog:class+load.
 */
class CliClassLoadingIT {

    @Test
    void statusLoadsNoJavaFxNoWindowNoXmlLoggingAndNoObjectMapper(@TempDir Path home) throws Exception {
        Path jar = Path.of(System.getProperty("stackyard.jar", "target/stackyard.jar"));
        Path classes = home.resolve("classes.txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-Xlog:class+load=info:file=" + classes, "-jar", jar.toString(), "status", "--json")
                .redirectErrorStream(true).redirectOutput(home.resolve("out.txt").toFile());
        pb.environment().put("STACKYARD_HOME", home.resolve("yard").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) || destroy(p), "status did not finish");
        String out = Files.readString(home.resolve("out.txt"), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);

        List<String> loaded = Files.readAllLines(classes).stream()
                .map(line -> line.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", ""))
                .map(line -> line.split(" ", 2)[0]).toList();
        assertTrue(loaded.size() > 500, "the class log looks empty: " + loaded.size() + " lines");
        List<String> unwanted = loaded.stream()
                .filter(c -> c.startsWith("javafx.") || c.startsWith("com.sun.javafx.") || c.startsWith("com.sun.glass.")
                        || c.startsWith("dev.stackyard.app.Window")
                        || c.startsWith("ch.qos.logback.core.joran.event.") || c.equals("ch.qos.logback.classic.joran.JoranConfigurator")
                        || c.equals("com.fasterxml.jackson.databind.ObjectMapper"))
                .toList();
        assertEquals(List.of(), unwanted, "classes a CLI call should not load");
    }

    private static boolean destroy(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        return false;
    }
}
