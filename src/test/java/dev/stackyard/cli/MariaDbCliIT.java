package dev.stackyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.testing.Daemons;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The non-root path of the mariadb kind, end to end through the CLI jar: an ordinary user (as root,
 * the test runs the CLI as {@code nobody}, so mariadbd runs without setpriv) adds nothing but a
 * config entry, starts it, queries it with the password from {@code status}, stops it and removes
 * its data.
 */
@Timeout(600)
class MariaDbCliIT {
    private static final int NOBODY = 65534;
    private Path home;
    private Long pid;

    @AfterEach
    void tearDown() throws Exception {
        if (pid != null && ProcessHandle.of(pid).isPresent()) {
            run("stop", "db"); // by the CLI, which stops that PID through its ladder
        }
        if (home != null) {
            try (Stream<Path> walk = Files.walk(home)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void anOrdinaryUserStartsQueriesStopsAndDeletesAMariaDb() throws Exception {
        Daemons.require(ServiceKind.named("mariadb"));
        Path client = Daemons.requireExecutable(Path.of("/usr/bin/mariadb"), "the mariadb client (mariadb-client-core)");
        home = Files.createTempDirectory(Path.of("/tmp"), "stackyard-mariadb-cli-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        int port = CliProcess.freePort();
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: db
                    kind: mariadb
                    port: %d
                """.formatted(port));
        if (ServiceEnvironment.runningAsRoot()) {
            for (Path p : List.of(home, home.resolve("stackyard.yaml"))) {
                Files.setAttribute(p, "unix:uid", NOBODY, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", NOBODY, LinkOption.NOFOLLOW_LINKS);
            }
        }

        CliProcess.Run start = run("start", "db");
        assertEquals(0, start.code(), start.err());
        JsonNode db = status();
        assertEquals("RUNNING", db.get("state").asText(), db.toString());
        pid = db.get("pid").asLong();
        String uid = Files.readString(Path.of("/proc/" + pid + "/status")).lines()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow();
        int expectedUid = ServiceEnvironment.runningAsRoot() ? NOBODY : ServiceEnvironment.effectiveUid();
        assertTrue(uid.matches("Uid:\\s+" + expectedUid + "\\s.*"), uid);
        String url = db.get("url").asText();
        assertTrue(url.matches("mysql://root:[A-Za-z0-9_-]{24}@127\\.0\\.0\\.1:" + port + "/"), url);
        assertTrue(db.get("exactVersion").asText().startsWith(db.get("version").asText() + "."), db.toString());
        String password = url.substring("mysql://root:".length(), url.indexOf('@'));
        assertEquals("1", query(client, port, password, "SELECT 1"));

        CliProcess.Run stop = run("stop", "db");
        assertEquals(0, stop.code(), stop.err());
        assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true) || isZombie(pid));
        assertEquals("STOPPED", status().get("state").asText());

        CliProcess.Run remove = run("remove", "db", "--delete-data");
        assertEquals(0, remove.code(), remove.err());
        assertTrue(remove.out().contains(home.resolve("data/mariadb/db").toString()), remove.out());
        assertTrue(remove.out().contains(home.resolve("data/mariadb/db.password").toString()), remove.out());
        assertFalse(Files.exists(home.resolve("data/mariadb/db")));
    }

    private JsonNode status() throws Exception {
        CliProcess.Run r = run("status", "--json");
        assertEquals(0, r.code(), r.err());
        return CliProcess.find(new ObjectMapper().readTree(r.out()), "db");
    }

    /** {@code stackyard args} as nobody when this is root, else as this user. */
    private CliProcess.Run run(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        if (ServiceEnvironment.runningAsRoot()) {
            cmd.addAll(List.of(Daemons.requireExecutable(Path.of("/usr/bin/setpriv"), "setpriv").toString(),
                    "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        }
        cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-jar",
                System.getProperty("stackyard.jar", "target/stackyard.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File("/"));
        pb.environment().put("STACKYARD_HOME", home.toString());
        pb.environment().put("HOME", home.toString());
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("stackyard " + String.join(" ", args) + " did not finish");
            }
            return new CliProcess.Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    private static String query(Path client, int port, String password, String sql) throws Exception {
        Process p = new ProcessBuilder(client.toString(), "--no-defaults", "--protocol=TCP", "-h", "127.0.0.1",
                "-P", Integer.toString(port), "-u", "root", "-p" + password, "-N", "-B", "-e", sql)
                .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }
}
