package dev.stackyard.config;

import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.SupervisionPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** restart, backoff, maxRestarts, health and logs in stackyard.yaml: defaults, values, and problems with path and line. */
class SupervisionKeysTest {
    @TempDir
    Path tmp;
    private Path file;
    private ConfigStore store;

    @BeforeEach
    void setUp() {
        file = tmp.resolve("stackyard.yaml");
        store = new ConfigStore(file, tmp.resolve("data"), tmp.resolve("home"));
    }

    private ServiceDefinition only(String yaml) throws IOException, ConfigException {
        Files.writeString(file, yaml);
        return store.load().services().getFirst();
    }

    @Test
    void absentKeysGiveTheDefaults() throws Exception {
        ServiceDefinition d = only("services:\n  - id: cache\n    kind: redis\n    port: 6379\n");
        assertEquals(SupervisionPolicy.DEFAULT, d.supervision());
        assertEquals(SupervisionPolicy.Restart.ON_FAILURE, d.supervision().restart());
        assertEquals(Duration.ofSeconds(1), d.supervision().backoff().initial());
        assertEquals(Duration.ofSeconds(60), d.supervision().backoff().max());
        assertEquals(Duration.ofSeconds(60), d.supervision().backoff().resetAfter());
        assertEquals(5, d.supervision().maxRestarts());
        assertEquals(new SupervisionPolicy.Health(Duration.ofSeconds(10), Duration.ofSeconds(2), 3), d.supervision().health());
        assertEquals(new SupervisionPolicy.Logs(10L * 1024 * 1024, 3), d.supervision().logs());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        ServiceDefinition d = only("""
                services:
                  - id: cache
                    kind: redis
                    port: 6379
                    restart: always
                    backoff: {initial: 200ms, max: 5s, resetAfter: 2m}
                    maxRestarts: 2
                    health: {interval: 1s, timeout: 300ms, failures: 4}
                    logs: {maxSize: 512KiB, keep: 7}
                """);
        assertEquals(new SupervisionPolicy(SupervisionPolicy.Restart.ALWAYS,
                new SupervisionPolicy.Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMinutes(2)), 2,
                new SupervisionPolicy.Health(Duration.ofSeconds(1), Duration.ofMillis(300), 4),
                new SupervisionPolicy.Logs(512 * 1024, 7)), d.supervision());
    }

    @Test
    void partOfAMappingKeepsTheOtherDefaults() throws Exception {
        ServiceDefinition d = only("services:\n  - id: w\n    kind: process\n    command: [sleep, '1']\n"
                + "    health: {failures: 1}\n    backoff: {initial: 2s}\n");
        assertEquals(new SupervisionPolicy.Health(Duration.ofSeconds(10), Duration.ofSeconds(2), 1), d.supervision().health());
        assertEquals(Duration.ofSeconds(2), d.supervision().backoff().initial());
        assertEquals(Duration.ofSeconds(60), d.supervision().backoff().max());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "restart: sometimes|services[0].restart|unknown restart policy 'sometimes' (expected one of on-failure, always, never)",
            "maxRestarts: -1|services[0].maxRestarts|-1 is negative; use 0 to never restart after a crash",
            "backoff: {initial: soon}|services[0].backoff.initial|'soon' is not a duration (use e.g. 500ms, 10s, 2m)",
            "backoff: {initial: 10s, max: 1s}|services[0].backoff.max|is shorter than backoff.initial (10s)",
            "health: {interval: 0s}|services[0].health.interval|must be longer than 0",
            "health: {failures: 0}|services[0].health.failures|0 must be at least 1",
            "logs: {maxSize: lots}|services[0].logs.maxSize|'lots' is not a size (use e.g. 10MiB, 512KiB, 1GiB)",
            "logs: {keep: 0}|services[0].logs.keep|0 must be at least 1",
    })
    void badValuesAreReportedWithPathAndLine(String line, String path, String message) throws IOException {
        Files.writeString(file, "services:\n  - id: cache\n    kind: redis\n    port: 6379\n    " + line + "\n");
        ConfigException e = assertThrows(ConfigException.class, store::load);
        assertEquals(List.of(new ConfigProblem(path, 5, message)), e.problems());
    }

    @Test
    void unknownKeyInsideHealthIsNamed() throws IOException {
        Files.writeString(file, "services:\n  - id: cache\n    kind: redis\n    port: 6379\n    health: {intervall: 1s}\n");
        ConfigException e = assertThrows(ConfigException.class, store::load);
        assertEquals("services[0].health.intervall", e.problems().getFirst().path());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"123, 123", "1KiB, 1024", "10MiB, 10485760", "1GiB, 1073741824", "10 MB, -1", "x, -1"})
    void sizes(String text, long bytes) {
        assertEquals(bytes < 0 ? Optional.empty() : Optional.of(bytes), SupervisionKeys.size(text));
    }
}
