package dev.stackyard.faults;

import dev.stackyard.app.StackyardContext;
import dev.stackyard.cli.StackyardCli;
import dev.stackyard.config.AppDirs;
import dev.stackyard.core.process.OneShot;
import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.supervise.UserIntents;
import dev.stackyard.testing.AsRoot;
import dev.stackyard.testing.Daemons;
import dev.stackyard.testing.OtherAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19 §5: every kind the registry knows (ServiceLoader, so a kind added later is included
 * without touching this test) is started once, plus a site served over HTTPS; then every listening
 * TCP socket held by any process of any service (its session, found through /proc) must be bound
 * to 127.0.0.1, and Stackyard's folders and secrets must be the owner's only.
 */
class ListenAndPermissionsTest {
    /** Keys a kind cannot do without, for the kinds that have some; a new kind with required keys fails here until added. */
    private static final Map<String, String> REQUIRED_KEYS = Map.of(
            "process", "    command: [\"sleep\", \"1000\"]\n");
    private static final Pattern RUNNING = Pattern.compile("^(\\S+)\\s.*\\sRUNNING\\s+(\\d+)\\s", Pattern.MULTILINE);

    @TempDir
    static Path tmp;
    private static AppDirs dirs;
    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static final Map<String, Long> PIDS = new LinkedHashMap<>();
    private static String secureSitePort;

    record Run(int code, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (StackyardContext context = new StackyardContext(dirs)) {
            int code = StackyardCli.run(context, new PrintWriter(out), new PrintWriter(err), args);
            return new Run(code, out.toString(), err.toString());
        }
    }

    /** The registry's kinds from src/main (the test tree registers a toy kind of its own, SleeperKind). */
    static List<ServiceKind> productKinds() {
        return ServiceKind.all().stream()
                .filter(k -> !k.spec().getClass().getProtectionDomain().getCodeSource().getLocation().toString()
                        .contains("test-classes"))
                .toList();
    }

    @BeforeAll
    static void startEveryKindAndASecureSite() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        StringBuilder yaml = new StringBuilder("services:\n");
        int base = 21_000;
        for (ServiceKind kind : productKinds()) {
            Kind spec = kind.spec();
            if (spec.versions().versioned()) {
                Daemons.require(kind);
            }
            String id = "k-" + kind.configName();
            yaml.append("  - id: ").append(id).append("\n    kind: ").append(kind.configName()).append('\n');
            if (spec.port().use() == Kind.PortUse.Use.REQUIRED) {
                int port = PortCheck.findFree(base);
                base = port + 37;
                PORTS.put(id, port);
                yaml.append("    port: ").append(port).append('\n');
            }
            for (String key : spec.requiredKeys().keySet()) {
                String lines = REQUIRED_KEYS.get(kind.configName());
                assertTrue(lines != null && lines.contains(key + ":"), "tell this test what " + kind.configName()
                        + "'s required key '" + key + "' should be");
            }
            yaml.append(REQUIRED_KEYS.getOrDefault(kind.configName(), ""));
        }
        Files.createDirectories(dirs.configDir());
        Files.writeString(dirs.configFile(), yaml.toString(), StandardCharsets.UTF_8);

        Path site = Files.createDirectories(tmp.resolve("code/shop"));
        Files.writeString(site.resolve("index.html"), "shop\n");
        // As root nginx's workers run as the web account: the project folder must be reachable to it
        // (Stackyard's own folders stay 0700: the check below holds them).
        for (Path p = tmp; p.getParent() != null && !p.equals(Path.of("/tmp")); p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
        }
        for (Path p : List.of(tmp.resolve("code"), site)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(site.resolve("index.html"), PosixFilePermissions.fromString("rw-r--r--"));
        Run link = cli("site", "link", site.toString(), "--name", "shop");
        assertEquals(StackyardCli.OK, link.code(), link.out() + link.err());
        Run secure = cli("site", "secure", "shop");
        assertEquals(StackyardCli.OK, secure.code(), secure.out() + secure.err());
        // Linked and secured before nginx starts, so its first config has the HTTPS listener
        // (live reloads are SitesTest's).
        Run start = cli("start", "--all");
        assertEquals(StackyardCli.OK, start.code(), start.out() + start.err());

        Run status = cli("status");
        Matcher m = RUNNING.matcher(status.out());
        while (m.find()) {
            PIDS.put(m.group(1), Long.parseLong(m.group(2)));
        }
        assertEquals(productKinds().size(), PIDS.size(), "every kind running: " + status.out());
        Matcher tls = Pattern.compile("https://shop\\.localhost:(\\d+)/").matcher(cli("site", "list").out());
        assertTrue(tls.find(), "the site is served over HTTPS");
        secureSitePort = tls.group(1);
    }

    @AfterAll
    static void stopEverything() {
        if (dirs != null) {
            cli("stop", "--all");
        }
    }

    /** Every process of the service: its session (each service runs in its own), and their descendants. */
    private static Set<Long> processesOf(long leader) throws IOException {
        Set<Long> found = new HashSet<>();
        Map<Long, Long> parents = new HashMap<>();
        try (Stream<Path> all = Files.list(Path.of("/proc"))) {
            for (Path p : all.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long pid = Long.parseLong(p.getFileName().toString());
                    parents.put(pid, Long.parseLong(f[1]));
                    if (Long.parseLong(f[3]) == leader) {
                        found.add(pid);
                    }
                } catch (IOException | RuntimeException gone) {
                    // exited meanwhile
                }
            }
        }
        found.add(leader);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (var e : parents.entrySet()) {
                if (found.contains(e.getValue()) && found.add(e.getKey())) {
                    grew = true;
                }
            }
        }
        return found;
    }

    private static Set<String> socketInodes(Set<Long> pids) {
        Set<String> inodes = new HashSet<>();
        for (long pid : pids) {
            try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException closed) {
                        // closed meanwhile
                    }
                }
            } catch (IOException gone) {
                // exited meanwhile
            }
        }
        return inodes;
    }

    /** Listening sockets of /proc/net/tcp and tcp6 by inode: "address:port" with the address in hex as the kernel writes it. */
    private static Map<String, String> listeners() throws IOException {
        Map<String, String> byInode = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A")) { // TCP_LISTEN
                    byInode.put(f[9], f[1]);
                }
            }
        }
        return byInode;
    }

    private static boolean loopback(String local) {
        String address = local.substring(0, local.indexOf(':'));
        return address.equals("0100007F")                              // 127.0.0.1
                || address.equals("0000000000000000FFFF00000100007F")   // ::ffff:127.0.0.1
                || address.equals("00000000000000000000000001000000");  // ::1
    }

    @Test
    void everyListeningSocketOfEveryServiceIsOnLoopback() throws IOException {
        Map<String, String> listening = listeners();
        List<String> problems = new ArrayList<>();
        Map<String, Set<Integer>> portsSeen = new HashMap<>();
        for (var service : PIDS.entrySet()) {
            for (String inode : socketInodes(processesOf(service.getValue()))) {
                String local = listening.get(inode);
                if (local == null) {
                    continue; // not a listening TCP socket (a unix socket, a client connection)
                }
                int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                portsSeen.computeIfAbsent(service.getKey(), k -> new HashSet<>()).add(port);
                if (!loopback(local)) {
                    problems.add(service.getKey() + " listens on " + local + " (port " + port + ")");
                }
            }
        }
        assertEquals(List.of(), problems, "sockets not on 127.0.0.1");
        for (var expected : PORTS.entrySet()) {
            assertTrue(portsSeen.getOrDefault(expected.getKey(), Set.of()).contains(expected.getValue()),
                    expected.getKey() + " was found listening on its port " + expected.getValue() + ": " + portsSeen);
        }
        assertTrue(portsSeen.values().stream().anyMatch(s -> s.contains(Integer.parseInt(secureSitePort))),
                "the site's HTTPS port " + secureSitePort + " was found among the listeners: " + portsSeen
                        + "; all listeners: " + listening.values());
    }

    @Test
    void stackyardsFoldersAreTheOwnersAndItsSecretsToo() throws IOException {
        Path home = dirs.configDir();
        List<String> problems = new ArrayList<>();
        // As root the daemons run as their own accounts (postgres, www-data, mysql), which must pass
        // through home, data and run to reach their folders: those may be opened to search-only
        // (0711: nothing in them can be listed, and each file keeps its own mode). The records and
        // intents folders never are.
        boolean root = "root".equals(System.getProperty("user.name"));
        Set<Path> passable = root ? Set.of(home, dirs.dataDir(), dirs.runDir()) : Set.of();
        for (Path top : List.of(home, dirs.dataDir(), dirs.runDir(), dirs.logDir(),
                ServiceEnvironment.recordFolder(dirs.runDir(), "x").getParent(), UserIntents.folder(dirs.runDir()))) {
            if (Files.exists(top)) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(top, LinkOption.NOFOLLOW_LINKS));
                if (!mode.equals("rwx------") && !(passable.contains(top) && mode.equals("rwx--x--x"))) {
                    problems.add(top + " is " + mode);
                }
            }
        }
        int secrets = 0;
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String name = p.getFileName().toString();
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                boolean secret = name.endsWith(".key") || name.contains("password") || name.equals("redis.conf")
                        || p.startsWith(dirs.runDir().resolve(".records")) || p.startsWith(UserIntents.folder(dirs.runDir()));
                if (secret) {
                    secrets++;
                    if (!mode.equals("rw-------")) {
                        problems.add(p + " is " + mode);
                    }
                }
                if (mode.charAt(7) == 'w') { // (a daemon's own files may be group-writable: mariadbd's PID file is rw-rw----)
                    problems.add(p + " is writable by others: " + mode);
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(secrets >= 3, "the walk found the CA key, a password and records: " + secrets);
    }

    @Test
    void anotherAccountCannotLeaveAnIntent() throws IOException {
        AsRoot.require("acting as another account");
        Path intents = UserIntents.folder(dirs.runDir());
        assertTrue(Files.isDirectory(intents), "start --all recorded intents");
        // Open everything above the intents folder for a moment, so only its own mode stands in the way.
        List<Path> above = new ArrayList<>();
        for (Path p = dirs.runDir(); !p.equals(Path.of("/tmp")) && p.getParent() != null; p = p.getParent()) {
            above.add(p);
        }
        Map<Path, String> before = new HashMap<>();
        try {
            for (Path p : above) {
                before.put(p, PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
            }
            OneShot.Result r = OtherAccount.run("/bin/sh", "-c", "echo stop 0 1 > '" + intents.resolve("k-redis") + "'");
            assertFalse(r.succeeded(), "another account wrote an intent: " + r.output());
            assertTrue(String.join("\n", r.output()).contains("Permission denied"), r.output().toString());
        } finally {
            for (var e : before.entrySet()) {
                Files.setPosixFilePermissions(e.getKey(), PosixFilePermissions.fromString(e.getValue()));
            }
        }
        assertTrue(UserIntents.read(dirs.runDir(), "k-redis").map(i -> i.action().equals("start")).orElse(false));
    }
}
