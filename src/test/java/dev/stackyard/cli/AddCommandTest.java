package dev.stackyard.cli;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.probe.PortCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stackyard add KIND ID} in-process: one flow for every kind with instances, the port from
 * the kind's own first port, and refusals that name the kinds and versions there are. Nothing is
 * started.
 */
class AddCommandTest {
    @TempDir
    Path home;

    record Run(int code, String out, String err) {
    }

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StackyardContext context = new StackyardContext(new AppDirs(home.resolve("stackyard.yaml"),
                home.resolve("data"), home.resolve("run"), home.resolve("logs")))) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
            return new Run(code, out.toString(), err.toString());
        }
    }

    private String config() throws Exception {
        return Files.readString(home.resolve("stackyard.yaml"));
    }

    @BeforeEach
    void anEmptyConfig() throws Exception {
        Files.writeString(home.resolve("stackyard.yaml"), "services: []\n");
    }

    @Test
    void aSecondRedisGetsTheNextFreePortFromRedissOwn() throws Exception {
        int first = PortCheck.findFree(6379);
        try (ServerSocket held = new ServerSocket(first, 1, InetAddress.getLoopbackAddress())) {
            Run add = cli("add", "redis", "cache2");
            assertEquals(0, add.code(), add.err());
            int port = Integer.parseInt(add.out().replaceAll("(?s).* on port (\\d+);.*", "$1"));
            assertTrue(port > held.getLocalPort(), "port " + port + " is after the held " + first);
            assertTrue(add.out().startsWith("added cache2 (redis "), add.out());
            assertTrue(config().contains("kind: redis"), config());
            assertTrue(config().contains("port: " + port), config());
        }
    }

    @Test
    void aMariadbGetsAPortFromMariadbsOwnAndARedisAPassword() throws Exception {
        Run db = cli("add", "mariadb", "shop-db");
        assertEquals(0, db.code(), db.err());
        int port = Integer.parseInt(db.out().replaceAll("(?s).* on port (\\d+);.*", "$1"));
        assertTrue(port >= 3306, db.out());
        assertTrue(db.out().startsWith("added shop-db (mariadb "), db.out());
        assertTrue(config().contains("kind: mariadb"), config());

        Run cache = cli("add", "redis", "cache");
        assertEquals(0, cache.code(), cache.err());
        assertTrue(config().substring(config().indexOf("id: cache")).contains("password: true"), config());
        assertFalse(config().substring(config().indexOf("id: shop-db"), config().indexOf("id: cache"))
                .contains("password"), config());
    }

    @Test
    void aPostgresOnAGivenPortAndAPortOfTheConfigIsRefusedNamingItsService() throws Exception {
        int port = PortCheck.findFree(25_432);
        Run add = cli("add", "postgres", "pg1", "--port", Integer.toString(port));
        assertEquals(0, add.code(), add.err());
        assertTrue(config().contains("kind: postgres"), config());

        Run again = cli("add", "redis", "cache", "--port", Integer.toString(port));
        assertEquals(StackyardCli.USAGE, again.code());
        assertTrue(again.err().contains("port " + port + " is already used by 'pg1'"), again.err());
        assertFalse(config().contains("id: cache"), "a refused add writes nothing");
    }

    @Test
    void aKindConfiguredByHandOrUnknownIsRefusedNamingTheKindsAddTakes() throws Exception {
        Run nginx = cli("add", "nginx", "web");
        assertEquals(StackyardCli.USAGE, nginx.code());
        assertTrue(nginx.err().contains("nginx is configured by hand"), nginx.err());
        assertTrue(nginx.err().contains("postgres") && nginx.err().contains("redis"), nginx.err());

        Run unknown = cli("add", "mysqlx", "db");
        assertEquals(StackyardCli.USAGE, unknown.code());
        assertTrue(unknown.err().contains("unknown kind 'mysqlx'"), unknown.err());
        assertEquals("services: []\n", config());
    }

    @Test
    void aVersionNotInstalledIsRefusedWithTheKindsInstallCommand() throws Exception {
        Run add = cli("add", "postgres", "pg", "--version", "99");
        assertEquals(StackyardCli.USAGE, add.code());
        assertTrue(add.err().contains("PostgreSQL 99 is not installed"), add.err());
        assertTrue(add.err().contains("stackyard install postgres 99"), add.err());
        assertEquals("services: []\n", config());
    }
}
