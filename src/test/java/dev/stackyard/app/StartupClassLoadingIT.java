package dev.stackyard.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What start-up loads, read from the JVM's own class-load log of the built jar (facts, not
 * timings): a CLI call takes picocli from the AOT cache; the
 * window's first frame comes before the supervisor, the Sites and Mail tabs, the drawn window icon
 * and the tray are loaded, and neither front end builds a Jackson ObjectMapper.
 */
class StartupClassLoadingIT {
    private static final Path JAR = Path.of(System.getProperty("stackyard.jar", "target/stackyard.jar"));
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    @Test
    void statusTakesPicocliFromTheAotCacheAndBuildsNoOtherCommand(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("cli.aot");
        // The training run, as packaging/stackyard and packaging/aot-train.sh make the CLI's cache.
        run(dir, "train", List.of("-XX:AOTCacheOutput=" + cache, "-Xlog:aot=off", "-Xlog:cds=off"), "status", "--json");
        assertTrue(Files.size(cache) > 0, "no AOT cache was written");
        Path log = dir.resolve("classes.txt");
        run(dir, "status", List.of("-XX:AOTCache=" + cache, "-Xlog:class+load=info:file=" + log), "status", "--json");

        List<Loaded> loaded = Loaded.read(log);
        assertTrue(loaded.stream().anyMatch(c -> c.name().equals("picocli.CommandLine") && c.fromCache()),
                "picocli.CommandLine did not come from the AOT cache (was the cache used?)");
        List<String> picocliOutsideCache = loaded.stream()
                .filter(c -> c.name().startsWith("picocli.") && !c.fromCache()).map(Loaded::toString).toList();
        assertEquals(List.of(), picocliOutsideCache, "picocli classes read from the jar instead of the AOT cache");
        // That only the command run has its model built is StackyardCliTest's: the commands declare
        // their models in code, so the classes loaded no longer tell (the verifier loads every
        // command class that StackyardCli.command names).
    }

    @Test
    void theFirstFrameComesBeforeSupervisionSitesMailTheIconAndTheTray(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.txt");
        String out = run(dir, "window", List.of("-Xlog:class+load=info:file=" + log, "-Dglass.platform=headless",
                "-Dprism.order=sw", "-Dstackyard.benchFirstFrame=true"));
        assertTrue(out.contains("first-frame-ms="), "the window reported no first frame:\n" + out);

        List<String> names = Loaded.read(log).stream().map(Loaded::name).toList();
        assertTrue(names.contains("dev.stackyard.ui.MainController"), "the class log lacks the main window");
        // The tray's port (TrayActions, an interface) is loaded with the app's classes that name it
        // (the verifier checks assignments to it); what does the tray's work must not be.
        List<String> early = names.stream()
                .filter(n -> n.startsWith("dev.stackyard.tray.") && !n.equals("dev.stackyard.tray.TrayActions")
                        || n.startsWith("org.freedesktop.dbus.")
                        || n.startsWith("java.awt.") || n.equals("dev.stackyard.core.supervise.Supervisor")
                        || n.equals("dev.stackyard.ui.SitesController") || n.equals("dev.stackyard.ui.SitesViewModel")
                        || n.equals("dev.stackyard.ui.MailController") || n.equals("dev.stackyard.ui.AppIcon")
                        || n.equals("com.fasterxml.jackson.databind.ObjectMapper"))
                .toList();
        assertEquals(List.of(), early, "loaded before the first frame although it is not shown in it");
    }

    /** Runs the jar with {@code jvm} flags and {@code args} on a home in {@code dir}; returns its output. */
    private static String run(Path dir, String name, List<String> jvm, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(JAVA, "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve(name + ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("STACKYARD_HOME", dir.resolve("yard").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(180, TimeUnit.SECONDS);
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(done, name + " did not finish:\n" + text);
        assertEquals(0, p.exitValue(), name + ":\n" + text);
        return text;
    }

    /** One line of {@code -Xlog:class+load}: "[..][info][class,load] NAME source: WHERE". */
    private record Loaded(String name, String source) {
        static List<Loaded> read(Path log) throws IOException {
            List<Loaded> out = new ArrayList<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                String rest = line.replaceFirst("^(\\[[^]]*\\])+ ", "");
                int at = rest.indexOf(" source: ");
                if (at > 0) {
                    out.add(new Loaded(rest.substring(0, at), rest.substring(at + " source: ".length())));
                }
            }
            assertTrue(out.size() > 500, "the class log looks empty: " + out.size() + " classes");
            return out;
        }

        boolean fromCache() {
            return source.equals("shared objects file");
        }

        @Override
        public String toString() {
            return name + " (" + source + ")";
        }
    }
}
