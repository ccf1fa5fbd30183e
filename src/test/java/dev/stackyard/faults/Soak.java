package dev.stackyard.faults;

import dev.stackyard.config.AppDirs;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.supervise.EventLog;
import dev.stackyard.core.supervise.Supervisor;
import dev.stackyard.usecase.StackControl;
import dev.stackyard.usecase.StackyardSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A long run of what the window does, without the window's pixels: one session (registry, config
 * watcher), the event log and a supervisor over ten {@code process} services, while the test kills
 * one of them ({@code victim}) again and again (the supervisor brings it back) and the config
 * changes (an instance added and removed through the session, a service added and removed by an
 * edit of the file that the watcher applies). {@link SoakTest} runs it short; the benchmark's
 * {@code soak} section long.
 */
public final class Soak implements AutoCloseable {
    /** The victim's log cap: small, so that a soak rotates it many times. */
    public static final long VICTIM_LOG_CAP = 16 * 1024;
    public static final int VICTIM_LOG_KEEP = 2;
    static final int SERVICES = 10;

    private final Path home;
    private final AppDirs dirs;
    private final StackyardSession session;
    private final Supervisor supervisor;
    private final String baseYaml;
    /** Unique to this soak: counting victims in /proc finds ours only. */
    private final int sleepFor = 900_000 + ThreadLocalRandom.current().nextInt(99_999);
    private final BlockingQueue<ServiceSnapshot> victimRunning = new LinkedBlockingQueue<>();
    private final BlockingQueue<List<String>> reloads = new LinkedBlockingQueue<>();
    private int changes;

    /** What a soak measured at one moment. */
    public record Figures(int threads, int fds, long rssKiB, long heapKiB, Map<String, Long> files) {
        public long fileBytes() {
            return files.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public Soak(Path home) throws Exception {
        this.home = home;
        StringBuilder yaml = new StringBuilder("services:\n");
        yaml.append("""
                  - id: victim
                    kind: process
                    command: ["sh", "-c", "head -c 1000 /dev/zero | tr '\\\\0' x; echo; echo up; exec sleep %d"]
                    ready: {logLine: "^up$"}
                    restart: always
                    backoff: {initial: 0s, max: 0s, resetAfter: 60s}
                    maxRestarts: 1000000
                    logs: {maxSize: %dKiB, keep: %d}
                """.formatted(sleepFor, VICTIM_LOG_CAP / 1024, VICTIM_LOG_KEEP));
        IntStream.range(1, SERVICES).forEach(i -> yaml.append("""
                  - id: s%d
                    kind: process
                    command: ["sleep", "%d"]
                """.formatted(i, sleepFor + 1)));
        baseYaml = yaml.toString();
        Files.writeString(home.resolve("stackyard.yaml"), baseYaml, StandardCharsets.UTF_8);
        dirs = AppDirs.resolve(Map.of(AppDirs.HOME_VARIABLE, home.toString()));
        session = new StackyardSession(dirs);
        session.subscribe(new StackControl.Listener() {
            @Override
            public void changed(ServiceSnapshot s) {
                if (s.id().equals("victim") && s.state() == ServiceState.RUNNING && s.pid() != null) {
                    victimRunning.add(s);
                }
            }

            @Override
            public void reloaded(List<ServiceSnapshot> all) {
                reloads.add(all.stream().map(ServiceSnapshot::id).toList());
            }
        });
        supervisor = supervise(session, dirs);
        session.start(session.snapshots().stream().map(ServiceSnapshot::id).toList()).forEach((id, o) -> {
            if (!o.ok()) {
                throw new AssertionError(id + " did not start: " + o.error());
            }
        });
    }

    /**
     * What the window does with its session: applies the config, watches it, writes the event log
     * and supervises; returns the supervisor (close it before the session).
     */
    static Supervisor supervise(StackyardSession session, AppDirs dirs) throws Exception {
        session.reload();
        session.watchConfig();
        EventLog.attach(session.registry(), dirs.logDir());
        return new Supervisor(session.registry(), dirs.runDir()).start();
    }

    public AppDirs dirs() {
        return dirs;
    }

    public StackyardSession session() {
        return session;
    }

    /** The victim's PID now (it must be RUNNING). */
    long victimPid() {
        ServiceSnapshot s = session.registry().snapshot("victim").orElseThrow();
        if (s.state() != ServiceState.RUNNING || s.pid() == null) {
            throw new AssertionError("the victim is not running: " + s);
        }
        return s.pid();
    }

    /** KILLs the victim and waits (a minute at most) until the supervisor has it RUNNING with another PID. */
    public void killOnce() throws InterruptedException {
        long pid = victimPid();
        victimRunning.clear();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            ServiceSnapshot s = victimRunning.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s == null) {
                throw new AssertionError("the victim (PID " + pid + ") never came back: "
                        + session.registry().snapshot("victim").orElse(null));
            }
            if (s.pid() != pid) {
                return;
            }
        }
    }

    /**
     * One config change: alternately an instance added or removed through the session (what the
     * window's Add and Remove do), and a {@code process} service added or removed by a whole-file
     * save of {@code stackyard.yaml} (an editor's), which the watcher applies. Waits until applied.
     */
    public void changeConfigOnce() throws Exception {
        int n = changes++;
        switch (n % 4) {
            case 0 -> {
                session.addService(ServiceDefinition.of("pgx", ServiceKind.named("postgres"), 55_432));
                applied(ids -> ids.contains("pgx"), "pgx added");
            }
            case 1 -> {
                session.removeService("pgx", false);
                applied(ids -> !ids.contains("pgx"), "pgx removed");
            }
            case 2 -> {
                save(baseYaml + "  - id: edited\n    kind: process\n    command: [\"sleep\", \"" + sleepFor + "\"]\n");
                applied(ids -> ids.contains("edited"), "edited added by an editor");
            }
            default -> {
                save(baseYaml);
                applied(ids -> !ids.contains("edited"), "edited removed by an editor");
            }
        }
    }

    private void save(String text) throws IOException {
        Path tmp = home.resolve(".stackyard.yaml.editor");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, home.resolve("stackyard.yaml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void applied(Predicate<List<String>> wanted, String what) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            List<String> ids = reloads.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (ids == null) {
                throw new AssertionError("the config change was never applied: " + what);
            }
            if (wanted.test(ids) && wanted.test(session.snapshots().stream().map(ServiceSnapshot::id).toList())) {
                return;
            }
        }
    }

    /** {@code kills} kills with {@code changes} config changes spread among them. */
    public void run(int kills, int changes) throws Exception {
        int every = changes == 0 ? Integer.MAX_VALUE : Math.max(1, kills / changes);
        int changed = 0;
        for (int k = 1; k <= kills; k++) {
            killOnce();
            if (k % every == 0 && changed < changes) {
                changeConfigOnce();
                changed++;
            }
        }
        while (changed < changes) {
            changeConfigOnce();
            changed++;
        }
    }

    /** This JVM's threads, descriptors, RSS and heap (after a collection), and every file under the home. */
    public Figures measure() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return new Figures(count("/proc/self/task"), count("/proc/self/fd"), rssKiB(),
                (rt.totalMemory() - rt.freeMemory()) / 1024, files());
    }

    private Map<String, Long> files() {
        Map<String, Long> sizes = new TreeMap<>();
        try (Stream<Path> all = Files.walk(home)) {
            all.filter(Files::isRegularFile).forEach(p -> {
                try {
                    sizes.put(home.relativize(p).toString(), Files.size(p));
                } catch (IOException e) {
                    // Gone meanwhile (a temp file renamed, a rotation): not a file that stays.
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sizes;
    }

    /** Processes on this machine that are this soak's victim (its unique {@code sleep} argument). */
    public long victimProcesses() {
        String marker = "sleep\0" + sleepFor + "\0";
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).equals(marker);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(String dir) {
        try (Stream<Path> entries = Files.list(Path.of(dir))) {
            return (int) entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** Stops every service and ends the supervisor and the session. */
    @Override
    public void close() {
        supervisor.close();
        session.stopAll();
        session.close();
    }
}
