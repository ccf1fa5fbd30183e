package dev.stackyard.config;

import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dependsOn} in stackyard.yaml, and the kinds' key rules that the reader takes from {@link Kind}. */
class DependsOnConfigTest {
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
        return assertThrows(ConfigException.class, store::load).problems();
    }

    @Test
    void dependsOnIsReadForEveryKind() throws Exception {
        Files.writeString(file, """
                services:
                  - id: cache
                    kind: redis
                    port: 6379
                  - id: pg
                    kind: postgres
                    port: 5432
                    dependsOn: [cache]
                  - id: worker
                    kind: process
                    command: ["sleep", "1000"]
                    dependsOn: [cache, pg]
                """);

        Config config = store.load();

        assertEquals(List.of(), config.find("cache").orElseThrow().dependsOn());
        assertEquals(List.of("cache"), config.find("pg").orElseThrow().dependsOn());
        assertEquals(List.of("cache", "pg"), config.find("worker").orElseThrow().dependsOn());
    }

    @Test
    void unknownIdIsReportedWithItsPathAndLine() throws IOException {
        assertEquals(List.of(new ConfigProblem("services[0].dependsOn[1]", 5, "no service has id 'nope'")),
                problems("""
                        services:
                          - id: worker
                            kind: process
                            command: ["sleep", "1000"]
                            dependsOn: [worker2, nope]
                          - id: worker2
                            kind: process
                            command: ["sleep", "1000"]
                        """));
    }

    @Test
    void cycleIsReportedNamingEveryServiceOnIt() throws IOException {
        List<ConfigProblem> problems = problems("""
                services:
                  - id: a
                    kind: process
                    command: ["sleep", "1000"]
                    dependsOn: [b]
                  - id: b
                    kind: process
                    command: ["sleep", "1000"]
                    dependsOn: [c]
                  - id: c
                    kind: process
                    command: ["sleep", "1000"]
                    dependsOn: [a]
                """);

        assertEquals(List.of(new ConfigProblem("services[0].dependsOn", 5, "dependsOn cycle: a -> b -> c -> a")), problems);
    }

    @Test
    void cycleThroughNginxsPhpReferenceCountsToo() throws IOException {
        List<ConfigProblem> problems = problems("""
                services:
                  - id: web
                    kind: nginx
                    port: 8080
                    php: php
                  - id: php
                    kind: php-fpm
                    dependsOn: [web]
                """);

        assertEquals(1, problems.size(), problems.toString());
        assertEquals("dependsOn cycle: web -> php -> web", problems.getFirst().message());
    }

    @Test
    void selfAndDuplicateEntriesAreReported() throws IOException {
        assertEquals(List.of(
                        new ConfigProblem("services[0].dependsOn[1]", 5, "'cache' is listed twice"),
                        new ConfigProblem("services[0].dependsOn[2]", 5, "a service cannot depend on itself")),
                problems("""
                        services:
                          - id: worker
                            kind: process
                            command: ["sleep", "1000"]
                            dependsOn: [cache, cache, worker]
                          - id: cache
                            kind: redis
                            port: 6379
                        """));
    }

    @Test
    void addWritesDependsOnSoItLoadsBackUnchanged() throws Exception {
        Files.writeString(file, """
                services:
                  - id: cache
                    kind: redis
                    port: 6379
                """);
        ServiceDefinition worker = ServiceDefinition.builder("worker", ServiceKind.named("process"))
                .command(List.of("sleep", "1000")).dependsOn(List.of("cache")).build();

        Config config = store.addService(worker);

        assertEquals(worker, config.find("worker").orElseThrow());
        assertTrue(Files.readString(file).contains("dependsOn: [cache]"), Files.readString(file));
    }

    @Test
    void everyConfigKeyIsCommonOrBelongsToSomeKind() {
        List<String> stray = Arrays.stream(ServiceDto.class.getRecordComponents()).map(RecordComponent::getName)
                .filter(key -> !Kind.COMMON_KEYS.contains(key))
                .filter(key -> ServiceKind.all().stream().noneMatch(k -> k.spec().keys().contains(key)))
                .toList();

        assertEquals(List.of(), stray, "keys no kind accepts would be rejected for every kind");
    }

    @Test
    void everyKindKeyIsAConfigKey() {
        List<String> keys = Arrays.stream(ServiceDto.class.getRecordComponents()).map(RecordComponent::getName).toList();
        for (ServiceKind kind : ServiceKind.all()) {
            assertTrue(keys.containsAll(kind.spec().keys()), kind + " declares a key the config cannot hold: " + kind.spec().keys());
            assertTrue(kind.spec().keys().containsAll(kind.spec().requiredKeys().keySet()), kind + ": required keys are accepted keys");
        }
        assertTrue(keys.containsAll(Kind.COMMON_KEYS));
    }
}
