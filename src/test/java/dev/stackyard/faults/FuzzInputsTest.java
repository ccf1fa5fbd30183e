package dev.stackyard.faults;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.config.ConfigException;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.supervise.SupervisionStatus;
import dev.stackyard.core.supervise.UserIntents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 19 §5: what people and other programs hand Stackyard, mutated at random. Seeded: the seed
 * is printed, and {@code -Dstackyard.fuzzSeed=N} replays a run. Never a stack trace, never an
 * exit code but 0, 1 or 2, and a config problem always names the file (and line where known).
 */
class FuzzInputsTest {
    private static final long SEED = Long.getLong("stackyard.fuzzSeed", System.nanoTime());
    private static final int CONFIG_CASES = 1_500;
    private static final int CLI_CONFIG_CASES = 100;
    private static final int ARGUMENT_CASES = 100;

    private static final String BASE = """
            # a developer's stack
            services:
              - id: worker
                kind: process
                command: ["sleep", "1000"]
                env:
                  MODE: "dev"
              - id: cache
                kind: redis
                port: 26379
                password: true
                dependsOn: [worker]
              - id: db
                kind: postgres
                port: 25432
                version: "15"
                supervision:
                  restart: on-failure
                  maxRestarts: 3
              - id: web
                kind: nginx
                port: 28080
                php: php
              - id: php
                kind: php-fpm
            sites:
              - name: shop
                dir: /srv/shop
            """;
    private static final List<String> SNIPPETS = List.of("\t", "- ", ": ", "&a ", "*a", "!!binary ", "!!python/object ",
            "99999999999999999999999", "-1", "0", "1e400", "\u0000", "\u202e", "é", "💥", "{", "}", "[", "]", "\"", "'",
            "~", "null", "true", "<<: *a", "---", "...", "%YAML 1.1", "#", "|", ">", "\\", "\r", "\n", "  ", "?",
            "port: [1, 2]", "id: worker", "kind: nosuch", "command: 7", "services: 3", "version: {}");
    private static final String BOMB = """
            a: &a ["x","x","x","x","x","x","x","x","x"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            services: *g
            """;

    @TempDir
    Path home;
    private AppDirs dirs;
    private final Random random = new Random(SEED);

    record Run(int code, String out, String err) {
    }

    @BeforeEach
    void printTheSeed() throws IOException {
        System.out.println("fuzz seed: " + SEED + " (replay: -Dstackyard.fuzzSeed=" + SEED + ")");
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        Files.createDirectories(dirs.configDir());
    }

    @AfterEach
    void stopAnythingStarted() throws IOException {
        Files.writeString(dirs.configFile(), "services:\n  - id: worker\n    kind: process\n    command: [\"sleep\", \"1000\"]\n");
        cli("stop", "--all");
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StackyardContext context = new StackyardContext(dirs)) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
            return new Run(code, out.toString(), err.toString());
        } catch (RuntimeException e) {
            fail("seed " + SEED + ": " + Arrays.toString(args) + " threw " + e, e);
            return null;
        }
    }

    /** One random mutation of {@code text}, sometimes several stacked. */
    private String mutate(String text) {
        String t = text;
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            List<String> lines = new ArrayList<>(t.lines().toList());
            int at = lines.isEmpty() ? 0 : random.nextInt(lines.size());
            switch (random.nextInt(10)) {
                case 0 -> { // flip a byte
                    byte[] b = t.getBytes(StandardCharsets.UTF_8);
                    if (b.length > 0) {
                        b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    t = new String(b, StandardCharsets.UTF_8);
                }
                case 1 -> t = t.substring(0, random.nextInt(t.length() + 1)); // truncated
                case 2 -> { // a line twice
                    if (!lines.isEmpty()) {
                        lines.add(at, lines.get(at));
                    }
                    t = String.join("\n", lines);
                }
                case 3 -> { // a line gone
                    if (!lines.isEmpty()) {
                        lines.remove(at);
                    }
                    t = String.join("\n", lines);
                }
                case 4, 5 -> { // a snippet in a random place
                    int pos = random.nextInt(t.length() + 1);
                    t = t.substring(0, pos) + SNIPPETS.get(random.nextInt(SNIPPETS.size())) + t.substring(pos);
                }
                case 6 -> { // a value of the wrong type or size
                    if (!lines.isEmpty() && lines.get(at).contains(": ")) {
                        String line = lines.get(at);
                        String[] values = {"[]", "{}", "-5", "99999999999999999999", "3.5", "true", "\"\"", "~",
                                "\"x\"".repeat(2000), "*nope", "0x10", "1_000"};
                        lines.set(at, line.substring(0, line.indexOf(": ") + 2) + values[random.nextInt(values.length)]);
                    }
                    t = String.join("\n", lines);
                }
                case 7 -> { // indentation broken with tabs or spaces
                    if (!lines.isEmpty()) {
                        lines.set(at, (random.nextBoolean() ? "\t" : " ") + lines.get(at));
                    }
                    t = String.join("\n", lines);
                }
                case 8 -> t = random.nextInt(20) == 0 ? BOMB : t + "\n" + randomText(random.nextInt(40));
                default -> { // two lines swapped
                    if (lines.size() > 1) {
                        int other = random.nextInt(lines.size());
                        String a = lines.get(at);
                        lines.set(at, lines.get(other));
                        lines.set(other, a);
                    }
                    t = String.join("\n", lines);
                }
            }
        }
        return t;
    }

    private String randomText(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            b.appendCodePoint(kind < 7 ? 32 + random.nextInt(95) : kind < 9 ? 0xA0 + random.nextInt(0x2000) : 0x1F300 + random.nextInt(200));
        }
        return b.toString();
    }

    private static void assertNoStackTrace(String text, String context) {
        assertFalse(text.contains("\tat ") || text.contains("Exception in thread") || text.contains("Caused by:"),
                "seed " + SEED + ": a stack trace for " + context + ":\n" + text);
    }

    @Test
    void mutatedConfigsLoadOrNameTheFileAndLine() throws IOException {
        Path file = dirs.configFile();
        ConfigStore store = new ConfigStore(file, dirs.dataDir(), home);
        int invalid = 0;
        for (int i = 0; i < CONFIG_CASES; i++) {
            byte[] bytes = mutate(BASE).getBytes(StandardCharsets.UTF_8); // a split surrogate pair becomes '?'
            String text = new String(bytes, StandardCharsets.UTF_8);
            Files.write(file, bytes);
            try {
                store.load();
            } catch (ConfigException e) {
                invalid++;
                assertTrue(e.getMessage().contains(file.toString()) || e.getMessage().contains(file.getFileName().toString()),
                        "seed " + SEED + " case " + i + ": the error does not name the file: " + e.getMessage());
                assertFalse(e.problems().isEmpty(), "seed " + SEED + " case " + i + ": no problem listed");
                assertNoStackTrace(e.getMessage(), "case " + i);
            } catch (IOException | RuntimeException e) {
                fail("seed " + SEED + " case " + i + ": " + e + " for:\n" + text, e);
            }
            assertEquals(text, new String(Files.readAllBytes(file), StandardCharsets.UTF_8), "loading rewrote the user's config");
        }
        assertTrue(invalid > CONFIG_CASES / 10, "the mutations hardly ever break the file (" + invalid + ")");
    }

    @Test
    void mutatedConfigsThroughTheCommandLineExitZeroOneOrTwoAndNameTheFile() throws IOException {
        for (int i = 0; i < CLI_CONFIG_CASES; i++) {
            Files.write(dirs.configFile(), mutate(BASE).getBytes(StandardCharsets.UTF_8));
            String[] args = random.nextBoolean() ? new String[] {"status"} : new String[] {"start", "ghost"};
            Run run = cli(args);
            assertTrue(Set.of(0, 1, 2).contains(run.code()), "seed " + SEED + " case " + i + ": exit " + run.code());
            assertNoStackTrace(run.out() + run.err(), "case " + i + " " + Arrays.toString(args));
            if (run.code() == 2 && run.err().contains("not valid")) {
                assertTrue(run.err().contains(dirs.configFile().toString()), "seed " + SEED + ": " + run.err());
                assertTrue(run.err().matches("(?s).*stackyard\\.yaml(:\\d+)?: .*"), "seed " + SEED + ": no line: " + run.err());
            }
        }
    }

    private byte[] garbage() {
        return switch (random.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> {
                byte[] b = new byte[1 + random.nextInt(512)];
                random.nextBytes(b);
                yield b;
            }
            case 2 -> "{\"state\": \"RUNNING\", \"pid\": ".getBytes(StandardCharsets.UTF_8); // partial JSON
            case 3 -> ("pid=" + Long.MAX_VALUE + "\nstartTicks=-5\npgid=1\n").getBytes(StandardCharsets.UTF_8);
            case 4 -> "x".repeat(2 * 1024 * 1024).getBytes(StandardCharsets.UTF_8); // huge
            default -> randomText(200).getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void garbageInEveryRecordIsStaleNeverACrash() throws IOException {
        Files.writeString(dirs.configFile(), "services:\n  - id: worker\n    kind: process\n    command: [\"sleep\", \"1000\"]\n");
        ServiceEnvironment env;
        try (StackyardContext context = new StackyardContext(dirs)) {
            env = context.registry().environment();
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
        Path records = ServiceEnvironment.recordFolder(dirs.runDir(), "worker");
        List<Path> files = List.of(env.processStateDir().resolve("worker.state"), env.processStateDir().resolve("worker.pid"),
                env.processStateDir().resolve("worker.stopping"), records.resolve("started-with"),
                records.resolve("last-error"), records.resolve("started-version"),
                SupervisionStatus.file(dirs.runDir(), "worker"), UserIntents.folder(dirs.runDir()).resolve("worker"));
        // Round -1 is fixed: a record java.util.Properties cannot load at all (a malformed unicode
        // escape, which seed 61993922400105 found: it threw out of the state file's reader).
        for (int round = -1; round < 6; round++) {
            for (Path f : files) {
                Files.createDirectories(f.getParent());
                Files.write(f, round < 0 ? "pid=\\u12zz\nstartTicks=1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8) : garbage());
            }
            for (String[] args : List.of(new String[] {"status"}, new String[] {"status", "--json"})) {
                Run run = cli(args);
                assertEquals(StackyardCli.OK, run.code(), "seed " + SEED + " round " + round + ": " + run.err());
                assertNoStackTrace(run.out() + run.err(), "garbage records, round " + round);
                assertTrue(run.out().contains("worker"), run.out());
            }
        }
        Run start = cli("start", "worker");
        assertEquals(StackyardCli.OK, start.code(), "garbage records must not block a start: " + start.err());
    }

    private String junkArgument() {
        return switch (random.nextInt(9)) {
            case 0 -> "";
            case 1 -> "--";
            case 2 -> "-";
            case 3 -> "--" + randomText(1 + random.nextInt(12)).replace(' ', 'x');
            case 4 -> "-" + "ABCDEFGIJKLMNOPQRSTUWXYZ".charAt(random.nextInt(24)); // not -V or -h: those answer, exit 0
            case 5 -> "x".repeat(5_000 + random.nextInt(5_000));
            case 6 -> " ";
            case 7 -> "@" + home.resolve("no-such-args-file");
            default -> randomText(1 + random.nextInt(30));
        };
    }

    @Test
    void oddArgumentsAreUsageErrors() {
        List<String> commands = List.of("status", "start", "stop", "restart", "logs", "remove", "events", "site");
        for (int i = 0; i < ARGUMENT_CASES; i++) {
            List<String> args = new ArrayList<>();
            boolean known = random.nextBoolean();
            if (known) {
                args.add(commands.get(random.nextInt(commands.size())));
            }
            int n = 1 + random.nextInt(3);
            for (int k = 0; k < n; k++) {
                args.add(junkArgument());
            }
            if (!known && (commands.contains(args.getFirst()) || args.getFirst().startsWith("-") && !args.getFirst().startsWith("--"))) {
                args.set(0, "--" + args.getFirst()); // an option no command has
            }
            if (args.getFirst().equals("--")) {
                args.set(0, "--nope");
            }
            Run run = cli(args.toArray(String[]::new));
            String shown = args.stream().map(a -> a.length() > 40 ? a.substring(0, 40) + "…" : a).toList().toString();
            assertNoStackTrace(run.out() + run.err(), shown);
            if (known && args.subList(1, args.size()).stream().allMatch("--"::equals)) {
                assertTrue(run.code() == StackyardCli.OK || run.code() == StackyardCli.USAGE, shown); // "--" alone ends the options
                continue;
            }
            assertEquals(StackyardCli.USAGE, run.code(), "seed " + SEED + " case " + i + " " + shown + ":\n" + run.err());
            assertFalse(run.err().isBlank(), "a usage error says why: " + shown);
        }
    }
}
