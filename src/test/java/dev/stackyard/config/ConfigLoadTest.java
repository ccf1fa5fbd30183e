package dev.stackyard.config;

import dev.stackyard.core.process.Signal;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceDefinition.ProcessReadiness;
import dev.stackyard.core.service.ServiceKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoadTest {

    @TempDir
    Path tmp;

    private Path file;
    private Path dataDir;
    private Path home;
    private ConfigStore store;

    @BeforeEach
    void setUp() {
        file = tmp.resolve("conf/stackyard.yaml");
        dataDir = tmp.resolve("data");
        home = tmp.resolve("home");
        store = new ConfigStore(file, dataDir, home);
    }

    private static ServiceDefinition definition(String id, ServiceKind kind, String version, Integer port) {
        return ServiceDefinition.builder(id, kind).version(version).port(port).build();
    }

    @Test
    void everyKindLoadsWithItsKeysAndDefaults() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                services:
                  - id: redis
                    kind: redis
                    version: "7.0"
                    port: 6379
                    autostart: false
                    stopSignal: TERM
                    stopTimeout: 10s
                  - id: web
                    kind: nginx
                    port: 8080
                    root: ~/site
                    php: php
                  - id: php
                    kind: php-fpm
                    version: 8.3
                    autostart: true
                  - id: worker
                    kind: process
                    command: ["php", "artisan", "queue:work"]
                    workDir: /home/me/app
                    env: {APP_ENV: local, WORKERS: 4}
                    ready: {tcp: 5173}
                  - id: pg-main
                    kind: postgres
                    version: 15
                    port: 5432
                    dataDir: /somewhere
                    stopTimeout: 500ms
                """);

        Config config = store.load();

        assertEquals(file, config.file());
        assertEquals(List.of(
                ServiceDefinition.builder("redis", ServiceKind.named("redis")).version("7.0").port(6379).stopSignal(Signal.TERM)
                        .stopTimeout(Duration.ofSeconds(10)).build(),
                ServiceDefinition.builder("web", ServiceKind.named("nginx")).port(8080).root(home.resolve("site")).php("php").build(),
                ServiceDefinition.builder("php", ServiceKind.named("php-fpm")).version("8.3").autostart(true).build(),
                ServiceDefinition.builder("worker", ServiceKind.named("process")).command(List.of("php", "artisan", "queue:work"))
                        .workDir(Path.of("/home/me/app")).env(Map.of("APP_ENV", "local", "WORKERS", "4"))
                        .readiness(new ProcessReadiness(5173, null)).build(),
                ServiceDefinition.builder("pg-main", ServiceKind.named("postgres")).version("15").port(5432)
                        .stopTimeout(Duration.ofMillis(500)).dataDir(Path.of("/somewhere")).build()),
                config.services());
        assertEquals(Optional.of(config.services().get(3)), config.find("worker"));
        assertEquals(Optional.empty(), config.find("nope"));
    }

    @Test
    void numericVersionKeepsItsSpellingSoTrailingZerosSurvive() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "services:\n  - id: php\n    kind: php-fpm\n    version: 8.10\n");

        assertEquals("8.10", store.load().services().getFirst().version());
    }

    @Test
    void nginxRootDefaultsToWwwInTheDataFolder() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "services:\n  - id: web\n    kind: nginx\n    port: 8080\n");

        assertEquals(dataDir.resolve("www"), store.load().services().getFirst().root());
    }

    @Test
    void relativePathsAreTakenFromTheConfigFolderAndTildeIsHome() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                services:
                  - id: worker
                    kind: process
                    command: [./run]
                    workDir: app/../worker
                    ready: {logLine: "listening on \\\\d+"}
                  - id: cache
                    kind: redis
                    port: 6379
                    dataDir: ~/redis
                """);

        Config config = store.load();

        assertEquals(file.getParent().resolve("worker"), config.services().get(0).workDir());
        assertEquals(new ProcessReadiness(null, "listening on \\d+"), config.services().get(0).readiness());
        assertEquals(home.resolve("redis"), config.services().get(1).dataDir());
    }

    @Test
    void loadingAUsersFileNeverRewritesIt() throws Exception {
        Files.createDirectories(file.getParent());
        String text = """
                # my stack   \s
                services:     # trailing comment
                  - id: web   # the site
                    kind: "nginx"
                    port: 8080
                    php: fpm

                  # php
                  - {id: fpm, kind: php-fpm}
                """;
        Files.writeString(file, text);
        FileTime written = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, written);

        store.load();
        store.load();

        assertEquals(text, Files.readString(file));
        assertEquals(written, Files.getLastModifiedTime(file));
        assertFalse(Files.exists(store.backupFile()));
    }

    @Test
    void emptyFileLoadsAsNoServicesAndIsNotRewritten() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# nothing yet\n");

        assertEquals(List.of(), store.load().services());
        assertEquals("# nothing yet\n", Files.readString(file));
    }

    @Test
    void passwordIsARedisKeyThatOtherKindsRefuse() throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "services:\n  - id: cache\n    kind: redis\n    port: 6379\n    password: true\n");
        assertTrue(store.load().services().getFirst().password());
        Files.writeString(file, "services:\n  - id: web\n    kind: nginx\n    port: 8080\n    password: true\n");
        ConfigException e = assertThrows(ConfigException.class, store::load);
        assertTrue(e.getMessage().contains("'password' does not apply to nginx (only to redis)"), e.getMessage());
    }

    @Test
    void missingFileIsWrittenWithTheDefaultStackThenLoaded() throws Exception {
        Config config = store.load();

        assertTrue(Files.isRegularFile(file));
        assertEquals(List.of(
                ServiceDefinition.builder("web", ServiceKind.named("nginx")).port(8080).root(dataDir.resolve("www")).php("php").build(),
                definition("php", ServiceKind.named("php-fpm"), null, null),
                // A new redis requires a password (issue 23 §1).
                ServiceDefinition.builder("redis", ServiceKind.named("redis")).port(6379).password(true).build(),
                definition("pg", ServiceKind.named("postgres"), null, 5432)), config.services());
        String text = Files.readString(file);
        assertTrue(text.startsWith("# Stackyard"), text);
        assertTrue(text.contains("# Serves " + dataDir.toAbsolutePath() + "/www unless you set root."), text);
    }

    @Test
    void defaultFileIsWrittenOnceAndThenLeftAlone() throws Exception {
        store.load();
        String edited = Files.readString(file).replace("port: 6379", "port: 6380  # moved");
        Files.writeString(file, edited);

        Config config = store.load();

        assertEquals(edited, Files.readString(file));
        assertEquals(6380, config.find("redis").orElseThrow().port());
    }

    @Test
    void problemFormatsLeaveOutAnAbsentLineOrPath() {
        assertEquals("stackyard.yaml: services: gone", new ConfigProblem("services", 0, "gone").toString());
        assertEquals("my.yaml:3: bad YAML syntax", new ConfigProblem("", 3, "bad YAML syntax").format("my.yaml"));
    }
}
