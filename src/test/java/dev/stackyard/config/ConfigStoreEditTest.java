package dev.stackyard.config;

import dev.stackyard.core.process.Signal;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceDefinition.ProcessReadiness;
import dev.stackyard.core.service.ServiceKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigStoreEditTest {

    /** A hand-written file: comments everywhere, blank lines, quoting and a flow entry. */
    private static final String USER_FILE = """
            # My stack.   Don't touch!
            services:   # keep this comment
              # Front door
              - id: web
                kind: nginx   # fast
                port: 8080
                php: fpm
                # root: ~/old-site

              # PHP for the site
              - {id: fpm, kind: "php-fpm", version: "8.3"}

              - id: cache
                kind: redis
                port: 6379
            # end of services
            """;

    @TempDir
    Path tmp;

    private Path file;
    private ConfigStore store;

    @BeforeEach
    void setUp() {
        file = tmp.resolve("stackyard.yaml");
        store = new ConfigStore(file, tmp.resolve("data"), tmp.resolve("home"));
    }

    private List<Path> folderListing() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(Path::getFileName).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"user file", "default file", "compact at column 0", "windows line ends"})
    void addThenRemoveLeavesTheFileByteForByteAsItWasAndKeepsABackup(String layout) throws Exception {
        String original = switch (layout) {
            case "user file" -> USER_FILE;
            case "default file" -> DefaultConfig.text(tmp.resolve("data"));
            case "compact at column 0" -> "services:\n- id: cache\n  kind: redis\n  port: 6379\n- id: fpm\n  kind: php-fpm\n";
            default -> USER_FILE.replace("\n", "\r\n");
        };
        Files.writeString(file, original);

        store.addService(ServiceDefinition.of("db", ServiceKind.named("postgres"), 5433));
        String added = Files.readString(file);
        Config after = store.removeService("db");

        assertEquals(original, Files.readString(file));
        assertEquals(added, Files.readString(store.backupFile()), "the backup holds the text before the last edit");
        assertTrue(after.find("db").isEmpty());
        assertEquals(List.of(Path.of("stackyard.yaml"), Path.of("stackyard.yaml.bak")), folderListing(),
                "no temporary files are left behind");
    }

    @Test
    void addAppendsTheEntryAfterTheLastOneIndentedAndSpacedLikeIt() throws Exception {
        Files.writeString(file, USER_FILE);

        Config config = store.addService(ServiceDefinition.builder("db", ServiceKind.named("postgres")).version("16").port(5433).build());

        assertEquals(USER_FILE.replace("    port: 6379\n", """
                    port: 6379

                  - id: db
                    kind: postgres
                    version: "16"
                    port: 5433
                """), Files.readString(file));
        assertEquals(USER_FILE, Files.readString(store.backupFile()));
        assertEquals("db", config.services().getLast().id());
    }

    @Test
    void addToACompactListAddsNoBlankLineAndFollowsItsIndentation() throws Exception {
        Files.writeString(file, "services:\n    -   id: cache\n        kind: redis\n        port: 6379\n# tail\n");

        store.addService(ServiceDefinition.of("fpm", ServiceKind.named("php-fpm"), null));

        assertEquals("services:\n    -   id: cache\n        kind: redis\n        port: 6379\n"
                + "    -   id: fpm\n        kind: php-fpm\n# tail\n", Files.readString(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"services: []  # none yet\n", "services:\n", "# empty\n", ""})
    void addToAnEmptyListStartsABlockList(String original) throws Exception {
        Files.writeString(file, original);

        Config config = store.addService(ServiceDefinition.of("cache", ServiceKind.named("redis"), 6379));

        assertEquals(List.of(ServiceDefinition.of("cache", ServiceKind.named("redis"), 6379)), config.services());
        assertEquals(config, store.load());
        assertTrue(Files.readString(file).contains("  - id: cache\n    kind: redis\n    port: 6379\n"), Files.readString(file));
    }

    @Test
    void addWritesEveryFieldSoTheServiceLoadsBackUnchanged() throws Exception {
        Files.writeString(file, "services:\n");
        ServiceDefinition worker = ServiceDefinition.builder("worker", ServiceKind.named("process")).port(3000).autostart(true)
                .stopSignal(Signal.INT).stopTimeout(Duration.ofMinutes(2))
                .command(List.of("node", "server.js", "--name", "a \"quoted\" arg: #1", ""))
                .workDir(tmp.resolve("my app")).env(Map.of("NODE_ENV", "development", "EMPTY", "", "YES", "yes", "N", "12.10"))
                .readiness(new ProcessReadiness(null, "listening on .*:\\d+ #?")).build();
        ServiceDefinition web = ServiceDefinition.builder("web", ServiceKind.named("nginx")).version("1.26").port(8080)
                .stopTimeout(Duration.ofMillis(1500)).root(tmp.resolve("site")).build();

        store.addService(worker);
        Config config = store.addService(web);

        assertEquals(List.of(worker, web), config.services());
    }

    @Test
    void invalidAddIsRefusedAndLeavesTheFileUntouched() throws Exception {
        Files.writeString(file, USER_FILE);

        ConfigException e = assertThrows(ConfigException.class,
                () -> store.addService(ServiceDefinition.of("cache", ServiceKind.named("redis"), 8080)));

        assertEquals(List.of(
                new ConfigProblem("services[3].id", 17, "'cache' is already the id of services[2] (line 13)"),
                new ConfigProblem("services[3].port", 19, "8080 is already used by 'web'")), e.problems());
        assertTrue(e.getMessage().startsWith(file + " was not changed: adding 'cache' would make it invalid:"), e.getMessage());
        assertEquals(USER_FILE, Files.readString(file));
        assertEquals(List.of(Path.of("stackyard.yaml")), folderListing(), "no backup, no temporary file");
    }

    @Test
    void addWithABadIdIsRefused() throws Exception {
        Files.writeString(file, USER_FILE);

        ConfigException e = assertThrows(ConfigException.class,
                () -> store.addService(ServiceDefinition.of("My DB", ServiceKind.named("postgres"), 5433)));

        assertEquals("services[3].id", e.problems().getFirst().path());
        assertEquals(USER_FILE, Files.readString(file));
    }

    @Test
    void addToAMissingFileWritesTheDefaultFirst() throws Exception {
        Config config = store.addService(ServiceDefinition.of("db2", ServiceKind.named("postgres"), 5433));

        assertEquals(List.of("web", "php", "redis", "pg", "db2"), config.services().stream().map(ServiceDefinition::id).toList());
        assertEquals(DefaultConfig.text(tmp.resolve("data")), Files.readString(store.backupFile()));
    }

    @Test
    void addToAFlowListIsRefusedWithAReason() throws Exception {
        String original = "services: [{id: cache, kind: redis, port: 6379}]\n";
        Files.writeString(file, original);

        ConfigException e = assertThrows(ConfigException.class,
                () -> store.addService(ServiceDefinition.of("fpm", ServiceKind.named("php-fpm"), null)));

        assertEquals("services", e.problems().getFirst().path());
        assertTrue(e.problems().getFirst().message().startsWith("written as a [...] list"), e.getMessage());
        assertEquals(original, Files.readString(file));
    }

    @Test
    void removeDeletesTheEntryWithItsOwnCommentsAndKeepsEveryOtherLine() throws Exception {
        Files.writeString(file, USER_FILE.replace("    php: fpm\n", ""));

        store.removeService("fpm");

        assertEquals("""
                # My stack.   Don't touch!
                services:   # keep this comment
                  # Front door
                  - id: web
                    kind: nginx   # fast
                    port: 8080
                    # root: ~/old-site

                  - id: cache
                    kind: redis
                    port: 6379
                # end of services
                """, Files.readString(file));
    }

    @Test
    void removeOfTheFirstEntryTakesItsTrailingComments() throws Exception {
        Files.writeString(file, USER_FILE.replace("    php: fpm\n", ""));

        store.removeService("web");

        assertEquals("""
                # My stack.   Don't touch!
                services:   # keep this comment
                  # PHP for the site
                  - {id: fpm, kind: "php-fpm", version: "8.3"}

                  - id: cache
                    kind: redis
                    port: 6379
                # end of services
                """, Files.readString(file));
    }

    @Test
    void removeOfAnUnknownIdIsAnErrorNamingIt() throws Exception {
        Files.writeString(file, USER_FILE);

        ConfigException e = assertThrows(ConfigException.class, () -> store.removeService("mysql"));

        assertEquals(List.of(new ConfigProblem("services", 2, "no service has id 'mysql'")), e.problems());
        assertEquals(USER_FILE, Files.readString(file));
        assertFalse(Files.exists(store.backupFile()));
    }

    @Test
    void removeThatWouldBreakAReferenceIsRefused() throws Exception {
        Files.writeString(file, USER_FILE);

        ConfigException e = assertThrows(ConfigException.class, () -> store.removeService("fpm"));

        assertEquals(List.of(new ConfigProblem("services[0].php", 7,
                "no service has id 'fpm'; php must name a php-fpm service")), e.problems());
        assertEquals(USER_FILE, Files.readString(file));
    }

    @Test
    void editsOfAnInvalidFileAreRefused() throws Exception {
        String broken = "services:\n  - id: cache\n    kind: redis\n";
        Files.writeString(file, broken);

        assertThrows(ConfigException.class, () -> store.addService(ServiceDefinition.of("fpm", ServiceKind.named("php-fpm"), null)));
        assertThrows(ConfigException.class, () -> store.removeService("cache"));
        assertEquals(broken, Files.readString(file));
    }

    @Test
    void editKeepsTheFilesPermissionsAndASymlinkStaysASymlink() throws Exception {
        Path real = tmp.resolve("dotfiles/stackyard.yaml");
        Files.createDirectories(real.getParent());
        Files.writeString(real, USER_FILE);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(file, real);

        store.addService(ServiceDefinition.of("db", ServiceKind.named("postgres"), 5433));

        assertTrue(Files.isSymbolicLink(file));
        assertTrue(Files.readString(real).contains("- id: db"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    }
}
