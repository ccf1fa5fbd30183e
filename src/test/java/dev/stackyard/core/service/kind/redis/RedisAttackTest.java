package dev.stackyard.core.service.kind.redis;

import dev.stackyard.core.bundle.BundleInstaller;
import dev.stackyard.core.bundle.BundleSources;
import dev.stackyard.core.bundle.Cancellation;
import dev.stackyard.core.bundle.FixtureRepository;
import dev.stackyard.core.bundle.InstallProgress;
import dev.stackyard.core.bundle.MavenRepository;
import dev.stackyard.core.process.OneShot;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceManager;
import dev.stackyard.core.service.kind.WebKindsTestSupport;
import dev.stackyard.testing.Daemons;
import dev.stackyard.testing.OtherAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 23 §1: another local account attacks a Stackyard redis over 127.0.0.1 with redis-cli. As
 * root (CI) it runs as a throwaway uid, so a file redis writes for it is a file written as root.
 */
class RedisAttackTest {
    @TempDir
    Path tmp;

    private static String cli(int port, String... args) {
        List<String> argv = new ArrayList<>(List.of(Daemons.sibling(ServiceKind.named("redis"), "redis-cli").toString(),
                "-h", "127.0.0.1", "-p", Integer.toString(port)));
        argv.addAll(List.of(args));
        return OtherAccount.output(argv.toArray(String[]::new));
    }

    /** The classic authorized_keys write: CONFIG SET dir + dbfilename, then SAVE, into a folder of the owner's. */
    private static void attemptFileWrite(int port, Path victim, String... auth) {
        List<String> prefix = List.of(auth);
        cli(port, concat(prefix, "CONFIG", "SET", "dir", victim.toString()));
        cli(port, concat(prefix, "CONFIG", "SET", "dbfilename", "authorized_keys"));
        cli(port, concat(prefix, "SET", "payload", "\nssh-ed25519 AAAA attacker\n"));
        cli(port, concat(prefix, "SAVE"));
    }

    private static String[] concat(List<String> prefix, String... rest) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static Path victimFolder(Path tmp) throws Exception {
        Path ssh = Files.createDirectories(tmp.resolve("victim-home/.ssh"));
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        return ssh;
    }

    @Test
    void anotherAccountCannotMakeRedisSixTwoWriteAFileWhereItSays() throws Exception {
        FixtureRepository.assumeAmd64();
        Daemons.require(ServiceKind.named("redis")); // for redis-cli
        Path home = tmp.resolve("home");
        FixtureRepository repo = FixtureRepository.in(tmp.resolve("m2")).redis();
        try (MavenRepository m = MavenRepository.of(repo.url())) {
            new BundleInstaller(home.resolve("data/bundles"), BundleSources.forArch("amd64"))
                    .install(ServiceKind.named("redis"), "6.2", m, InstallProgress.NONE, new Cancellation());
        }
        Path victim = victimFolder(tmp);
        try (WebKindsTestSupport stack = new WebKindsTestSupport(home)) {
            int port = WebKindsTestSupport.freePort();
            // No password: the dangerous commands must be off whatever the config says.
            ServiceManager redis = new RedisManager(ServiceDefinition.builder("r6", ServiceKind.named("redis"))
                    .version("6.2").port(port).build(), stack.env);
            assertEquals("6.2.11", redis.installation().orElseThrow().version());
            stack.start(redis);

            attemptFileWrite(port, victim);

            assertFalse(Files.exists(victim.resolve("authorized_keys")), "redis wrote " + victim.resolve("authorized_keys"));
            assertTrue(cli(port, "CONFIG", "GET", "dir").contains("unknown command"));
            assertTrue(cli(port, "MODULE", "LOAD", "/tmp/evil.so").contains("unknown command"));
            assertTrue(cli(port, "DEBUG", "SLEEP", "0").contains("unknown command"));
            assertTrue(cli(port, "REPLICAOF", "127.0.0.1", "1").contains("unknown command"));
            assertEquals("PONG", cli(port, "PING").strip(), "redis itself keeps serving");
        }
    }

    @Test
    void anotherAccountCannotMakeRedisSevenAReplicaOfItsOwnServer() throws Exception {
        Daemons.require(ServiceKind.named("redis"));
        try (WebKindsTestSupport stack = new WebKindsTestSupport(tmp.resolve("home"))) {
            int port = WebKindsTestSupport.freePort();
            ServiceManager redis = new RedisManager(ServiceDefinition.of("r7", ServiceKind.named("redis"), port), stack.env);
            stack.start(redis);

            // A replica loads (and saves) whatever its master sends: the attacker's data, or a module.
            assertTrue(cli(port, "REPLICAOF", "127.0.0.1", "1").contains("unknown command"));
            assertTrue(cli(port, "SLAVEOF", "127.0.0.1", "1").contains("unknown command"));
            assertTrue(cli(port, "SYNC").contains("unknown command"));
            assertTrue(cli(port, "CONFIG", "SET", "dir", "/").contains("protected config"));
            assertTrue(cli(port, "MODULE", "LOAD", "/tmp/evil.so").contains("not allowed"));
            assertTrue(cli(port, "DEBUG", "SLEEP", "0").contains("not allowed"));
            assertEquals("master", cli(port, "ROLE").lines().findFirst().orElse(""));
        }
    }

    @Test
    void withAPasswordAnotherAccountReadsNothingAndTheOwnerConnectsWithTheUrl() throws Exception {
        Daemons.require(ServiceKind.named("redis"));
        try (WebKindsTestSupport stack = new WebKindsTestSupport(tmp.resolve("home"))) {
            int port = WebKindsTestSupport.freePort();
            RedisManager redis = new RedisManager(ServiceDefinition.builder("cache", ServiceKind.named("redis"))
                    .port(port).password(true).build(), stack.env);
            stack.start(redis);

            Path file = redis.passwordFile();
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String password = Files.readString(file).strip();
            assertTrue(password.length() >= 20, password);
            String url = redis.url().orElseThrow();
            assertEquals("redis://default:" + password + "@127.0.0.1:" + port, url);
            Path conf = stack.env.serviceRunDir("cache").resolve("redis.conf");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));

            OneShot.Result set = OneShot.of(Daemons.sibling(ServiceKind.named("redis"), "redis-cli").toString(),
                    "--no-auth-warning", "-u", url, "SET", "session", "secret-token").timeout(Duration.ofSeconds(30)).run();
            assertEquals("OK", String.join("\n", set.output()).strip());

            String stolen = cli(port, "GET", "session");
            assertFalse(stolen.contains("secret-token"), stolen);
            assertTrue(stolen.contains("NOAUTH"), stolen);
            assertTrue(cli(port, "KEYS", "*").contains("NOAUTH"));
            assertTrue(cli(port, "FLUSHALL").contains("NOAUTH"));
        }
    }

    @Test
    void aServiceWithoutAPasswordKeepsWorkingAndSaysHowToRequireOne() throws Exception {
        Daemons.require(ServiceKind.named("redis"));
        try (WebKindsTestSupport stack = new WebKindsTestSupport(tmp.resolve("home"))) {
            int port = WebKindsTestSupport.freePort();
            RedisManager redis = new RedisManager(ServiceDefinition.of("old", ServiceKind.named("redis"), port), stack.env);
            stack.start(redis);
            assertEquals("redis://127.0.0.1:" + port, redis.url().orElseThrow());
            assertEquals("PONG", cli(port, "PING").strip());
            assertTrue(redis.notice().orElseThrow().contains("password: true"));
            assertFalse(Files.exists(redis.passwordFile()));
        }
    }
}
