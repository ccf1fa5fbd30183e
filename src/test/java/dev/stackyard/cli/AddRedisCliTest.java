package dev.stackyard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackyard.app.StackyardContext;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.kind.redis.RedisManager;
import dev.stackyard.testing.Daemons;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code stackyard add redis} in-process: a new redis requires a password; an old one says how to. */
class AddRedisCliTest {
    @TempDir
    Path home;

    private String run(int expected, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StackyardContext context = new StackyardContext(new AppDirs(home.resolve("stackyard.yaml"),
                home.resolve("data"), home.resolve("run"), home.resolve("logs")))) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
            assertEquals(expected, code, out + "\n" + err);
            return out.toString();
        }
    }

    @Test
    void addRedisWritesPasswordTrueAndAnOldEntryWithoutItShowsTheNotice() throws Exception {
        Daemons.require(ServiceKind.named("redis"));
        Files.writeString(home.resolve("stackyard.yaml"), "services:\n  - id: old\n    kind: redis\n    port: 26379\n");

        assertTrue(run(0, "add", "redis", "cache", "--port", "26380").contains("added cache (redis"));

        String yaml = Files.readString(home.resolve("stackyard.yaml"));
        assertTrue(yaml.contains("  - id: cache\n    kind: redis\n    port: 26380\n    password: true\n"), yaml);
        JsonNode status = new ObjectMapper().readTree(run(0, "status", "--json"));
        for (JsonNode s : status) {
            if (s.get("id").asText().equals("old")) {
                assertEquals(RedisManager.NO_PASSWORD_NOTICE, s.get("notice").asText());
            } else {
                assertTrue(s.get("notice").isNull(), s.toString());
            }
        }
    }
}
