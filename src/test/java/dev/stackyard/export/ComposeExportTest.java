package dev.stackyard.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackyard.config.Config;
import dev.stackyard.config.ConfigStore;
import dev.stackyard.core.service.ContainerSpec;
import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.SupervisionPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ComposeExport} and {@link ComposeFiles}: a config with every kind, exported, parsed, and
 * checked with the project's structural rules and with {@code docker-compose config}.
 */
class ComposeExportTest {
    @TempDir
    Path tmp;
    Path shop;
    Path out;
    Config config;
    Installations installations;

    @BeforeEach
    void config() throws Exception {
        // Sites are exported as Stackyard serves them; as root the web account must pass through to them.
        dev.stackyard.testing.Passable.upTo(tmp);
        shop = Files.createDirectories(tmp.resolve("code/shop/public")).getParent();
        out = tmp.resolve("team");
        Path file = tmp.resolve("stackyard.yaml");
        Files.writeString(file, """
                services:
                  - id: web
                    kind: nginx
                    port: 18080
                    php: php
                  - id: php
                    kind: php-fpm
                  - id: cache
                    kind: redis
                    port: 16379
                    restart: always
                    health: {interval: 5s}
                  - id: pg-main
                    kind: postgres
                    port: 15432
                    version: "15"
                  - id: worker
                    kind: process
                    command: ["php", "artisan", "queue:work"]
                    dependsOn: [cache, pg-main]
                  - id: api
                    kind: nginx
                    port: 18081
                    dependsOn: [worker, cache]
                  - id: mailbox
                    kind: mail
                    port: 11025
                sites:
                  - name: shop
                    dir: %s
                """.formatted(shop));
        config = new ConfigStore(file, tmp.resolve("data"), tmp.resolve("home")).load();
        installations = Installations.load(tmp.resolve("bundles"));
    }

    private ComposeExport.Result export(String... ids) {
        return new ComposeExport(config, installations).export(List.of(ids));
    }

    private static Map<String, String> env(Path file) throws IOException {
        Map<String, String> values = new java.util.TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = Pattern.compile("^([A-Z_]+)=(.*)$").matcher(line);
            if (m.matches()) {
                values.put(m.group(1), m.group(2));
            }
        }
        return values;
    }

    /** The tag the kind's image gets for the version installed here (what the service runs now). */
    private String installed(ServiceKind kind, int parts) {
        Installation installation = installations.resolve(kind, null).orElseThrow(() -> new AssertionError(
                kind + " must be installed for this test (.ci/run installs it)"));
        return ContainerSpec.leading(installation.version(), parts);
    }

    @Test
    void everyKindIsExportedAsAValidComposeFile() throws Exception {
        ComposeExport.Result result = export();
        ComposeFiles.Written written = ComposeFiles.write(out.resolve("compose.yaml"), result);

        String text = Files.readString(written.compose());
        List<String> passwords = new ArrayList<>(env(written.env()).values());
        assertEquals(List.of(), ComposeChecks.problems(text, passwords));
        ComposeChecks.Run check = ComposeChecks.dockerCompose(written.compose(), "config", "-q");
        assertEquals(0, check.code(), check.err());
        assertEquals("", check.err().strip(), "docker-compose warns: " + check.err());
        ComposeChecks.Run listed = ComposeChecks.dockerCompose(written.compose(), "config", "--services");
        assertEquals(List.of("api", "cache", "mailbox", "pg-main", "php", "web"), listed.out().lines().sorted().toList());

        JsonNode services = ComposeChecks.parse(text).get("services");
        assertEquals("nginx:" + installed(ServiceKind.named("nginx"), 2), services.get("web").get("image").asText());
        assertEquals("php:" + installed(ServiceKind.named("php-fpm"), 2) + "-fpm", services.get("php").get("image").asText());
        assertEquals("redis:" + installed(ServiceKind.named("redis"), 2), services.get("cache").get("image").asText());
        assertEquals("postgres:15", services.get("pg-main").get("image").asText());
        assertEquals("127.0.0.1:18080:80", services.get("web").get("ports").get(0).asText());
        assertEquals("127.0.0.1:15432:5432", services.get("pg-main").get("ports").get(0).asText());
        assertFalse(services.get("php").has("ports"), "php-fpm has no port of its own to publish");
        // The mail catcher as Mailpit, SMTP and its page both published (httpPort defaults to port + 7000).
        assertEquals("axllent/mailpit", services.get("mailbox").get("image").asText());
        assertEquals("127.0.0.1:11025:1025", services.get("mailbox").get("ports").get(0).asText());
        assertEquals("127.0.0.1:18025:8025", services.get("mailbox").get("ports").get(1).asText());
        assertEquals("/data", volume(services.get("mailbox"), "mailbox-data"));
        assertEquals("500", services.get("mailbox").get("environment").get("MP_MAX_MESSAGES").asText());
        assertEquals("service_healthy", services.get("web").get("depends_on").get("php").get("condition").asText());
        assertEquals(List.of("cache"), names(services.get("api").get("depends_on")));
        assertEquals("/var/lib/postgresql/data", volume(services.get("pg-main"), "pg-main-data"));
        assertEquals("/data", volume(services.get("cache"), "cache-data"));
        assertEquals("${PG_MAIN_PASSWORD}", services.get("pg-main").get("environment").get("POSTGRES_PASSWORD").asText());
        assertEquals(List.of("pg-main-data", "cache-data", "mailbox-data").stream().sorted().toList(),
                names(ComposeChecks.parse(text).get("volumes")));

        JsonNode health = services.get("pg-main").get("healthcheck");
        assertEquals(List.of("10s", "2s", "3", "60s"), List.of(health.get("interval").asText(), health.get("timeout").asText(),
                health.get("retries").asText(), health.get("start_period").asText()), "the supervisor's health policy");
        assertEquals("on-failure:5", services.get("pg-main").get("restart").asText());
        assertEquals("unless-stopped", services.get("cache").get("restart").asText());
        assertEquals("5s", services.get("cache").get("healthcheck").get("interval").asText());
        assertTrue(text.contains("#   worker (process): it runs a command of yours"), text);
        assertTrue(text.contains("#   api depends on worker, which is not exported"), text);
        assertEquals(List.of(new ComposeExport.Skipped("worker", ServiceKind.named("process"),
                result.skipped().getFirst().reason())), result.skipped());
    }

    @Test
    void nginxServesTheSitesFromTheirMountedFoldersAndPassesPhpToThePhpService() throws Exception {
        ComposeFiles.Written written = ComposeFiles.write(out.resolve("compose.yaml"), export());
        assertEquals(List.of(out.resolve("api.nginx.conf"), out.resolve("web.nginx.conf")), written.files());
        String conf = Files.readString(out.resolve("web.nginx.conf"));
        assertTrue(conf.contains("server_name shop.localhost;"), conf);
        assertTrue(conf.contains("root \"/srv/sites/shop/public\";"), conf);
        assertTrue(conf.contains("fastcgi_pass php:9000;"), conf);
        assertFalse(conf.contains(tmp.toString()), "no path of this machine in the container's config:\n" + conf);
        assertFalse(conf.contains("127.0.0.1:"), "inside its container nginx listens on every address:\n" + conf);

        JsonNode services = ComposeChecks.parse(Files.readString(written.compose())).get("services");
        assertEquals("/etc/nginx/conf.d/default.conf", bind(services.get("web"), "./web.nginx.conf").get("target").asText());
        JsonNode webShop = bind(services.get("web"), shop.toString());
        assertEquals("/srv/sites/shop", webShop.get("target").asText());
        assertTrue(webShop.get("read_only").asBoolean());
        JsonNode phpShop = bind(services.get("php"), shop.toString());
        assertEquals("/srv/sites/shop", phpShop.get("target").asText(), "php-fpm opens the script at the path nginx names");
    }

    @Test
    void theSameConfigGivesTheSameBytes() throws Exception {
        ComposeFiles.Written first = ComposeFiles.write(out.resolve("compose.yaml"), export());
        byte[] compose = Files.readAllBytes(first.compose());
        byte[] nginx = Files.readAllBytes(out.resolve("web.nginx.conf"));
        byte[] env = Files.readAllBytes(first.env());

        ComposeFiles.Written second = ComposeFiles.write(out.resolve("compose.yaml"), export());
        assertArrayEquals(compose, Files.readAllBytes(second.compose()));
        assertArrayEquals(nginx, Files.readAllBytes(out.resolve("web.nginx.conf")));
        assertArrayEquals(env, Files.readAllBytes(second.env()), "the passwords of the first export are kept");
        assertEquals(List.of(), second.addedSecrets());
        assertEquals(export().compose(), new ComposeExport(config, installations).export(List.of()).compose());
    }

    @Test
    void aMariadbAndARedisWithAPasswordTakeTheirSecretsFromTheEnvFile() throws Exception {
        Path file = tmp.resolve("databases.yaml");
        Files.writeString(file, """
                services:
                  - id: shop-db
                    kind: mariadb
                    port: 13306
                  - id: cache
                    kind: redis
                    port: 16379
                    password: true
                """);
        config = new ConfigStore(file, tmp.resolve("data"), tmp.resolve("home")).load();
        ComposeFiles.Written written = ComposeFiles.write(out.resolve("compose.yaml"), export());
        String text = Files.readString(written.compose());
        Map<String, String> values = env(written.env());
        assertEquals(List.of("CACHE_PASSWORD", "SHOP_DB_PASSWORD"), List.copyOf(values.keySet()));
        assertEquals(List.of(), ComposeChecks.problems(text, new ArrayList<>(values.values())));
        ComposeChecks.Run check = ComposeChecks.dockerCompose(written.compose(), "config", "-q");
        assertEquals(0, check.code(), check.err());

        JsonNode services = ComposeChecks.parse(text).get("services");
        JsonNode db = services.get("shop-db");
        assertEquals("mariadb:" + installed(ServiceKind.named("mariadb"), 2), db.get("image").asText());
        assertEquals("127.0.0.1:13306:3306", db.get("ports").get(0).asText());
        assertEquals("/var/lib/mysql", volume(db, "shop-db-data"));
        assertEquals("${SHOP_DB_PASSWORD}", db.get("environment").get("MARIADB_ROOT_PASSWORD").asText());
        JsonNode cache = services.get("cache");
        assertTrue(cache.get("command").toString().contains("--requirepass"), cache.toString());
        assertEquals("${CACHE_PASSWORD}", cache.get("environment").get("REDISCLI_AUTH").asText());
    }

    @Test
    void passwordsLiveOnlyInAPrivateEnvFileBesideTheComposeFile() throws Exception {
        ComposeFiles.Written written = ComposeFiles.write(out.resolve("compose.yaml"), export());
        assertEquals(out.resolve(".env"), written.env());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(written.env())));
        Map<String, String> values = env(written.env());
        assertEquals(List.of("PG_MAIN_PASSWORD"), List.copyOf(values.keySet()));
        assertTrue(values.get("PG_MAIN_PASSWORD").length() >= 24, values.toString());
        assertFalse(Files.readString(written.compose()).contains(values.get("PG_MAIN_PASSWORD")));
        try (var leftovers = Files.list(out)) {
            assertEquals(List.of(".env", "api.nginx.conf", "compose.yaml", "web.nginx.conf"),
                    leftovers.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    @Test
    void anExistingEnvFileKeepsItsLinesAndItsValues() throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve(".env"), "# my app\nAPP_KEY=base64:abc\nPG_MAIN_PASSWORD=chosen-by-me");
        ComposeFiles.Written written = ComposeFiles.write(out.resolve("compose.yaml"), export());
        assertEquals(List.of(), written.addedSecrets());
        assertEquals("# my app\nAPP_KEY=base64:abc\nPG_MAIN_PASSWORD=chosen-by-me", Files.readString(out.resolve(".env")),
                "nothing was missing, so the file is not touched");

        Files.writeString(out.resolve(".env"), "# my app\nAPP_KEY=base64:abc");
        written = ComposeFiles.write(out.resolve("compose.yaml"), export());
        assertEquals(List.of("PG_MAIN_PASSWORD"), written.addedSecrets());
        String text = Files.readString(out.resolve(".env"));
        assertTrue(text.startsWith("# my app\nAPP_KEY=base64:abc\n"), text);
        assertEquals(List.of("APP_KEY", "PG_MAIN_PASSWORD"), List.copyOf(env(out.resolve(".env")).keySet()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(".env"))));
    }

    @Test
    void aFileTheExportDidNotWriteIsNeverOverwritten() throws Exception {
        Files.createDirectories(out);
        Files.writeString(out.resolve("compose.yaml"), "services:\n  mine:\n    image: busybox\n");
        IOException e = assertThrows(IOException.class, () -> ComposeFiles.write(out.resolve("compose.yaml"), export()));
        assertTrue(e.getMessage().contains("was not written by stackyard export compose"), e.getMessage());
        assertEquals("services:\n  mine:\n    image: busybox\n", Files.readString(out.resolve("compose.yaml")));
        assertFalse(Files.exists(out.resolve(".env")), "nothing is written when the export stops");
        assertFalse(Files.exists(out.resolve("web.nginx.conf")));
    }

    @Test
    void anEnvFileThatIsALinkIsRefusedAndItsTargetUntouched() throws Exception {
        Files.createDirectories(out);
        Path elsewhere = Files.writeString(tmp.resolve("someone-elses-file"), "untouched\n");
        Files.createSymbolicLink(out.resolve(".env"), elsewhere);
        var mode = Files.getPosixFilePermissions(elsewhere);
        IOException e = assertThrows(IOException.class, () -> ComposeFiles.write(out.resolve("compose.yaml"), export()));
        assertTrue(e.getMessage().contains("is a link"), e.getMessage());
        assertEquals("untouched\n", Files.readString(elsewhere));
        assertTrue(Files.isSymbolicLink(out.resolve(".env")));
        assertEquals(mode, Files.getPosixFilePermissions(elsewhere), "its mode is not changed either");
    }

    @Test
    void aFolderWithSpacesAndColonsIsMountedAsItIs() throws Exception {
        Path odd = Files.createDirectories(tmp.resolve("code/my shop: v2/public")).getParent();
        Path file = tmp.resolve("odd.yaml");
        Files.writeString(file, """
                services:
                  - id: web
                    kind: nginx
                    port: 18080
                sites:
                  - name: odd
                    dir: "%s"
                """.formatted(odd));
        config = new ConfigStore(file, tmp.resolve("data"), tmp.resolve("home")).load();
        ComposeFiles.Written written = ComposeFiles.write(out.resolve("compose.yaml"), export());
        ComposeChecks.Run resolved = ComposeChecks.dockerCompose(written.compose(), "config");
        assertEquals(0, resolved.code(), resolved.err());
        JsonNode web = ComposeChecks.parse(resolved.out()).get("services").get("web");
        assertEquals("/srv/sites/odd", bind(web, odd.toString()).get("target").asText(), resolved.out());
    }

    @Test
    void namedServicesComeWithWhatTheyNeed() {
        ComposeExport.Result result = export("web");
        assertEquals(List.of("web", "php"), result.exported());
        assertEquals(List.of("php"), result.pulledIn());
        assertEquals(List.of(), result.skipped());
        assertEquals(List.of(), result.secrets());

        ComposeExport.Result api = export("api");
        assertEquals(List.of("cache", "pg-main", "api"), api.exported(), "worker's own needs come too");
        assertEquals(List.of("cache", "pg-main"), api.pulledIn(), "worker is needed but not exported");
        assertEquals(List.of("api depends on worker, which is not exported: start it yourself"), api.dropped());
        assertEquals(List.of("worker"), api.skipped().stream().map(ComposeExport.Skipped::id).toList());
    }

    @Test
    void restartPoliciesAndPasswordVariablesTranslate() {
        assertEquals("on-failure:5", ComposeExport.restart(SupervisionPolicy.DEFAULT));
        assertEquals("no", ComposeExport.restart(new SupervisionPolicy(SupervisionPolicy.Restart.ON_FAILURE,
                SupervisionPolicy.Backoff.DEFAULT, 0, SupervisionPolicy.Health.DEFAULT, SupervisionPolicy.Logs.DEFAULT)));
        assertEquals("no", ComposeExport.restart(new SupervisionPolicy(SupervisionPolicy.Restart.NEVER,
                SupervisionPolicy.Backoff.DEFAULT, 5, SupervisionPolicy.Health.DEFAULT, SupervisionPolicy.Logs.DEFAULT)));
        assertEquals("1500ms", ComposeExport.duration(java.time.Duration.ofMillis(1500)));
        assertEquals("PG_MAIN_PASSWORD", ComposeExport.passwordVariable("pg-main"));
        assertEquals("_9DB_PASSWORD", ComposeExport.passwordVariable("9db"));
    }

    @Test
    void anUnknownIdIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> export("nope"));
        assertEquals("no service 'nope' in the config; known: web, php, cache, pg-main, worker, api, mailbox", e.getMessage());
    }

    @Test
    void theChecksCatchWhatTheyLookFor() throws Exception {
        String bad = """
                services:
                  a:
                    ports: ["0.0.0.0:80:80"]
                    volumes: [{type: volume, source: undeclared, target: /x}]
                    depends_on: {ghost: {condition: service_started}}
                    environment: {PASSWORD: hunter2hunter2}
                """;
        assertEquals(List.of("a: no image", "a: no healthcheck", "a: port 0.0.0.0:80:80 is not bound to 127.0.0.1",
                        "a: volume undeclared is not declared", "a: depends on ghost, which is not a service",
                        "a: does not wait for ghost to be healthy", "a password is written in the file"),
                ComposeChecks.problems(bad, List.of("hunter2hunter2")));
        Path file = Files.writeString(Files.createDirectories(out).resolve("bad.yaml"),
                "services:\n  a:\n    image: nginx\n    no_such_key: 1\n");
        ComposeChecks.Run check = ComposeChecks.dockerCompose(file, "config", "-q");
        assertNotEquals(0, check.code(), "docker-compose must reject a file outside the specification");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String volume(JsonNode service, String name) {
        for (JsonNode m : service.get("volumes")) {
            if (m.get("type").asText().equals("volume") && m.get("source").asText().equals(name)) {
                return m.get("target").asText();
            }
        }
        throw new AssertionError("no volume " + name + " in " + service);
    }

    private static JsonNode bind(JsonNode service, String source) {
        for (JsonNode m : service.get("volumes")) {
            if (m.get("type").asText().equals("bind") && m.get("source").asText().equals(source)) {
                return m;
            }
        }
        throw new AssertionError("no bind mount of " + source + " in " + service);
    }
}
