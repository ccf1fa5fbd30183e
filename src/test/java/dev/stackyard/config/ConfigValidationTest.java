package dev.stackyard.config;

import dev.stackyard.core.service.ServiceKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each problem a person can make in stackyard.yaml, checked as they will see it: path, line, message. */
class ConfigValidationTest {

    @TempDir
    Path tmp;

    private Path file;
    private ConfigStore store;

    @BeforeEach
    void setUp() {
        file = tmp.resolve("stackyard.yaml");
        store = new ConfigStore(file, tmp.resolve("data"), tmp.resolve("home"));
    }

    private List<ConfigProblem> problems(String yaml) throws IOException {
        Files.writeString(file, yaml);
        ConfigException e = assertThrows(ConfigException.class, store::load);
        assertEquals(yaml, Files.readString(file), "an invalid file is never rewritten");
        return e.problems();
    }

    /** The kinds the messages name: the registry's, never a list in the config code (the test tree registers one more). */
    private static final String REGISTERED = String.join(", ", ServiceKind.names());

    private static String takingVersion() {
        return String.join(", ", ServiceKind.all().stream().filter(k -> k.spec().keys().contains("version"))
                .map(ServiceKind::configName).toList());
    }

    @Test
    void theRegistryHoldsTheShippedKinds() {
        assertTrue(ServiceKind.names().containsAll(List.of("postgres", "redis", "nginx", "php-fpm", "process")),
                ServiceKind.names().toString());
        assertTrue(takingVersion().contains("postgres, mariadb, redis, nginx, php-fpm"), takingVersion());
    }

    private static ConfigProblem problem(String path, int line, String message) {
        return new ConfigProblem(path, line, message);
    }

    @Test
    void unknownKindNamesTheKindsThereAre() throws IOException {
        assertEquals(List.of(problem("services[0].kind", 3,
                        "unknown kind 'mysql' (expected one of " + REGISTERED + ")")),
                problems("""
                        services:
                          - id: db
                            kind: mysql
                            port: 3306
                        """));
    }

    @Test
    void unknownKeyIsReportedWithASuggestionAndDoesNotHideOtherProblems() throws IOException {
        assertEquals(List.of(
                        problem("services[0]", 2, "missing port (redis needs a TCP port, e.g. port: 6379)"),
                        problem("services[0].prot", 4, "unknown key 'prot' (did you mean 'port'?)"),
                        problem("services[0].colour", 5, "unknown key 'colour'")),
                problems("""
                        services:
                          - id: cache
                            kind: redis
                            prot: 6379
                            colour: blue
                        """));
    }

    @Test
    void unknownTopLevelKeyIsReported() throws IOException {
        assertEquals(List.of(problem("servics", 1, "unknown key 'servics' (did you mean 'services'?)")),
                problems("""
                        servics:
                          - id: cache
                        """));
    }

    @Test
    void missingIdIsReportedAtTheEntry() throws IOException {
        assertEquals(List.of(problem("services[1]", 4, "missing id")),
                problems("""
                        services:
                          - id: php
                            kind: php-fpm
                          - kind: redis
                            port: 6379
                        """));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Web", "web_1", "-web", "web.local", "a2345678901234567890123456789012345678901"})
    void badIdFormatIsReported(String id) throws IOException {
        assertEquals(List.of(problem("services[0].id", 2, "'" + id + "' is not a valid id: use a-z, 0-9 and '-', "
                        + "starting with a letter or digit, at most 40 characters")),
                problems("""
                        services:
                          - id: %s
                            kind: php-fpm
                        """.formatted(id)));
    }

    @Test
    void idOfFortyCharactersStartingWithADigitIsAccepted() throws Exception {
        Files.writeString(file, "services:\n  - id: 1234567890123456789012345678901234567-ab\n    kind: php-fpm\n");

        assertEquals("1234567890123456789012345678901234567-ab", store.load().services().getFirst().id());
    }

    @Test
    void duplicateIdNamesTheEntryThatHasItFirst() throws IOException {
        assertEquals(List.of(problem("services[1].id", 5, "'cache' is already the id of services[0] (line 2)")),
                problems("""
                        services:
                          - id: cache
                            kind: redis
                            port: 6379
                          - id: cache
                            kind: redis
                            port: 6380
                        """));
    }

    @Test
    void duplicatePortNamesTheServiceThatHasItFirst() throws IOException {
        List<ConfigProblem> problems = problems("""
                services:
                  - id: pg-main
                    kind: postgres
                    port: 5432
                  - id: cache
                    kind: redis
                    port: 6379
                  - id: pg-test
                    kind: postgres
                    port: 5432
                """);

        assertEquals(List.of(problem("services[2].port", 10, "5432 is already used by 'pg-main'")), problems);
        assertEquals("stackyard.yaml:10: services[2].port: 5432 is already used by 'pg-main'", problems.getFirst().toString());
    }

    @Test
    void portOutOfRangeIsReportedOnTheLineOfThePortKey() throws IOException {
        List<ConfigProblem> problems = problems("""
                services:
                  - id: a
                    kind: php-fpm
                  - id: b
                    kind: php-fpm
                  - id: c
                    kind: php-fpm
                  # the cache
                  - id: cache
                    kind: redis
                    # a comment between keys
                    port: 70000
                """);

        assertEquals(List.of(problem("services[3].port", 12, "70000 is out of range 1..65535")), problems);
        assertEquals("stackyard.yaml:12: services[3].port: 70000 is out of range 1..65535", problems.getFirst().toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void portsOutsideOneTo65535AreRejected(int port) throws IOException {
        assertEquals(List.of(problem("services[0].port", 4, port + " is out of range 1..65535")),
                problems("services:\n  - id: cache\n    kind: redis\n    port: " + port + "\n"));
    }

    @Test
    void portThatIsNotANumberIsReportedOnceNotAlsoAsMissing() throws IOException {
        assertEquals(List.of(problem("services[0].port", 4, "'eighty' is not a whole number")),
                problems("services:\n  - id: web\n    kind: nginx\n    port: eighty\n"));
    }

    @Test
    void portIsRequiredForNginxRedisAndPostgres() throws IOException {
        assertEquals(List.of(
                        problem("services[0]", 2, "missing port (nginx needs a TCP port, e.g. port: 8080)"),
                        problem("services[1]", 4, "missing port (redis needs a TCP port, e.g. port: 6379)"),
                        problem("services[2]", 6, "missing port (postgres needs a TCP port, e.g. port: 5432)")),
                problems("""
                        services:
                          - id: web
                            kind: nginx
                          - id: cache
                            kind: redis
                          - id: db
                            kind: postgres
                        """));
    }

    @Test
    void portOnPhpFpmIsRejectedBecauseItUsesAUnixSocket() throws IOException {
        assertEquals(List.of(problem("services[0].port", 4, "php-fpm listens on a private unix socket; remove port")),
                problems("""
                        services:
                          - id: php
                            kind: php-fpm
                            port: 9000
                        """));
    }

    @Test
    void keysThatDoNotApplyToTheKindAreNamed() throws IOException {
        assertEquals(List.of(
                        problem("services[0].command", 5, "'command' does not apply to redis (only to process); remove it"),
                        problem("services[1].root", 9, "'root' does not apply to postgres (only to nginx); remove it"),
                        problem("services[2].version", 12, "'version' does not apply to process "
                                + "(only to " + takingVersion() + "); remove it")),
                problems("""
                        services:
                          - id: cache
                            kind: redis
                            port: 6379
                            command: ["redis-server"]
                          - id: db
                            kind: postgres
                            port: 5432
                            root: /srv/www
                          - id: worker
                            kind: process
                            version: "1.0"
                            command: ["sleep", "1000"]
                        """));
    }

    @Test
    void processWithoutCommandIsReported() throws IOException {
        assertEquals(List.of(problem("services[0]", 2, "missing command: a process needs its program and arguments "
                        + "as a list, e.g. command: [\"php\", \"artisan\", \"queue:work\"]")),
                problems("services:\n  - id: worker\n    kind: process\n"));
    }

    @Test
    void processWithEmptyCommandIsReported() throws IOException {
        assertEquals(List.of(problem("services[0].command", 4,
                        "is empty; give the program and its arguments, e.g. [\"php\", \"artisan\", \"queue:work\"]")),
                problems("services:\n  - id: worker\n    kind: process\n    command: []\n"));
    }

    @Test
    void commandWrittenAsAShellStringIsRejected() throws IOException {
        assertEquals(List.of(problem("services[0].command", 4, "'php artisan serve' is not a list")),
                problems("services:\n  - id: worker\n    kind: process\n    command: php artisan serve\n"));
    }

    @Test
    void commandElementThatIsNotTextIsReportedAtItsIndex() throws IOException {
        assertEquals(List.of(problem("services[0].command[1]", 6, "expected a single value, not a list")),
                problems("""
                        services:
                          - id: worker
                            kind: process
                            command:
                              - php
                              - [a, b]
                        """));
    }

    @Test
    void phpReferenceToAnUnknownServiceIsReported() throws IOException {
        assertEquals(List.of(problem("services[0].php", 5, "no service has id 'fpm'; php must name a php-fpm service")),
                problems("""
                        services:
                          - id: web
                            kind: nginx
                            port: 8080
                            php: fpm
                        """));
    }

    @Test
    void phpReferenceToAServiceThatIsNotPhpFpmIsReported() throws IOException {
        assertEquals(List.of(problem("services[0].php", 5, "'cache' is a redis service; php must name a php-fpm service")),
                problems("""
                        services:
                          - id: web
                            kind: nginx
                            port: 8080
                            php: cache
                          - id: cache
                            kind: redis
                            port: 6379
                        """));
    }

    @Test
    void unknownStopSignalIsReported() throws IOException {
        assertEquals(List.of(problem("services[0].stopSignal", 4,
                        "unknown signal 'TERMINATE' (expected one of HUP, INT, QUIT, KILL, USR1, USR2, TERM)")),
                problems("services:\n  - id: php\n    kind: php-fpm\n    stopSignal: TERMINATE\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10", "10 sec", "1.5s", "-1s", "soon", "5d"})
    void badDurationIsReported(String duration) throws IOException {
        assertEquals(List.of(problem("services[0].stopTimeout", 4,
                        "'" + duration + "' is not a duration (use e.g. 500ms, 10s, 2m)")),
                problems("services:\n  - id: php\n    kind: php-fpm\n    stopTimeout: " + duration + "\n"));
    }

    @Test
    void nonBooleanAutostartIsReported() throws IOException {
        assertEquals(List.of(problem("services[0].autostart", 4, "'maybe' is not true or false")),
                problems("services:\n  - id: php\n    kind: php-fpm\n    autostart: maybe\n"));
    }

    @Test
    void versionThatIsNotAVersionNumberIsReported() throws IOException {
        assertEquals(List.of(problem("services[0].version", 4, "'latest' is not a version like \"15\", \"8.3\" or \"7.2.4\"")),
                problems("services:\n  - id: php\n    kind: php-fpm\n    version: latest\n"));
    }

    @Test
    void readinessNeedsExactlyOneOfTcpAndLogLine() throws IOException {
        assertEquals(List.of(
                        problem("services[0].ready", 5, "give exactly one of tcp (a port) or logLine (a regular expression)"),
                        problem("services[1].ready.logLine", 9, "not a valid regular expression: Unclosed group")),
                problems("""
                        services:
                          - id: vite
                            kind: process
                            command: [npm, run, dev]
                            ready: {tcp: 5173, logLine: ready}
                          - id: queue
                            kind: process
                            command: [php, artisan, queue:work]
                            ready: {logLine: "(started"}
                        """));
    }

    @Test
    void duplicateKeyInOneEntryIsReportedWithTheFirstLine() throws IOException {
        assertEquals(List.of(problem("services[0].port", 5, "'port' appears twice here (first on line 4)")),
                problems("""
                        services:
                          - id: cache
                            kind: redis
                            port: 6379
                            port: 6380
                        """));
    }

    @Test
    void servicesThatIsNotAListIsReported() throws IOException {
        assertEquals(List.of(problem("services", 1, "expected a list, not a mapping")),
                problems("services:\n  cache: {kind: redis}\n"));
    }

    @Test
    void entryThatIsNotAMappingIsReported() throws IOException {
        List<ConfigProblem> problems = problems("services:\n  - redis\n");

        assertEquals(1, problems.size());
        assertEquals("services[0]", problems.getFirst().path());
        assertEquals(2, problems.getFirst().line());
        assertTrue(problems.getFirst().message().startsWith("expected a mapping of id, kind, version, port"),
                problems.getFirst().message());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            services:\\n  - id: web\\n    port: 80: 80\\n                | 3 | bad YAML syntax at column 13: mapping values are not allowed here
            services:\\n  - id: web\\n   kind: nginx\\n                | 3 | bad YAML syntax at column 4: expected <block end>, but found '<block mapping start>' (while parsing a block collection)
            services: [\\n  {id: web\\n                                   | 2 | bad YAML syntax at column 11: expected ',' or '}', but got <stream end> (while parsing a flow mapping)
            """)
    void badYamlSyntaxIsTheOnlyProblemWithLineAndColumn(String yaml, int line, String message) throws IOException {
        assertEquals(List.of(problem("", line, message)), problems(yaml.replace("\\n", "\n")));
    }

    @Test
    void everyProblemIsCollectedInFileOrder() throws IOException {
        List<ConfigProblem> problems = problems("""
                services:
                  - id: Web
                    kind: nginx
                    port: 80000
                    php: nope
                  - kind: redis
                    port: 6379
                  - id: db
                    kind: postgres
                    port: 6379
                    stopTimeout: forever
                    stopSignal: BREAK
                """);

        assertEquals(List.of(
                problem("services[0].id", 2, "'Web' is not a valid id: use a-z, 0-9 and '-', starting with a letter "
                        + "or digit, at most 40 characters"),
                problem("services[0].port", 4, "80000 is out of range 1..65535"),
                problem("services[0].php", 5, "no service has id 'nope'; php must name a php-fpm service"),
                problem("services[1]", 6, "missing id"),
                problem("services[2].port", 10, "6379 is already used by services[1]"),
                problem("services[2].stopTimeout", 11, "'forever' is not a duration (use e.g. 500ms, 10s, 2m)"),
                problem("services[2].stopSignal", 12, "unknown signal 'BREAK' (expected one of HUP, INT, QUIT, KILL, "
                        + "USR1, USR2, TERM)")), problems);
    }

    @Test
    void exceptionMessageListsEveryProblemOnItsOwnLine() throws IOException {
        Files.writeString(file, "services:\n  - id: a\n    kind: redis\n    port: 0\n  - id: b\n    kind: nope\n");

        ConfigException e = assertThrows(ConfigException.class, store::load);

        assertArrayEquals(new String[] {
                file + " is not valid:",
                "stackyard.yaml:4: services[0].port: 0 is out of range 1..65535",
                "stackyard.yaml:6: services[1].kind: unknown kind 'nope' (expected one of " + REGISTERED + ")"},
                e.getMessage().lines().toArray());
        assertEquals(file, e.file());
    }
}
