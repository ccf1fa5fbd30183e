package dev.stackyard.core.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time and resident memory of whole process trees (a daemon and every worker it forked), read
 * from {@code /proc}. Linux only; stateless and thread-safe.
 *
 * <p>Every sample is a snapshot: members may exit or appear while it is taken, and a process whose
 * files vanish mid-read is simply left out. Memory is the sum of each member's resident set, so
 * pages shared between members (postgres shared buffers, copy-on-write after fork) count once per
 * member: the figure {@code ps} and {@code top} users expect, not the unique footprint.
 */
public final class ProcessStats {

    /**
     * USER_HZ, the unit of the times in {@code /proc/PID/stat}: fixed at 100 by the kernel's ABI on
     * every architecture Linux distributions ship (it is not CONFIG_HZ).
     */
    public static final long TICKS_PER_SECOND = 100;

    private static final Path PROC = Path.of("/proc");
    private static volatile Long bootEpochSeconds;

    private ProcessStats() {
    }

    /**
     * One process tree at one moment.
     *
     * @param rootPid        the tree's root (the PID the service runs as)
     * @param rootStartTicks start time of the root in ticks since boot: tells a reused PID apart
     *                       when two samples are compared
     * @param processes      live members, the root included
     * @param cpuTicks       CPU time (user + system) of the live members plus what their already
     *                       reaped children used, in {@link #TICKS_PER_SECOND} ticks
     * @param rssBytes       sum of the members' resident sets
     * @param rootStartedAt  when the root process started (to the second)
     * @param takenAtNanos   {@link System#nanoTime()} when the sample was taken
     */
    public record TreeSample(long rootPid, long rootStartTicks, int processes, long cpuTicks, long rssBytes,
                             Instant rootStartedAt, long takenAtNanos) {
    }

    /** The tree under {@code root}, or empty when no such process is alive. */
    public static Optional<TreeSample> sample(long root) {
        return Optional.ofNullable(sample(List.of(root)).get(root));
    }

    /**
     * The trees under each of {@code roots}, reading {@code /proc} once for all of them. Roots that
     * are not alive (or are zombies) are absent from the result.
     */
    public static Map<Long, TreeSample> sample(Collection<Long> roots) {
        Map<Long, TreeSample> out = new LinkedHashMap<>();
        if (roots.isEmpty()) {
            return out;
        }
        long takenAt = System.nanoTime();
        Tree tree = childrenFilesWork() ? new Tree.ByChildrenFiles() : new Tree.ByParentPids(ProcFs.all());
        for (long root : roots) {
            ProcFs.Stat top = root <= 0 ? null : tree.stat(root);
            if (top == null || top.isZombie()) {
                continue;
            }
            int count = 0;
            long cpu = 0;
            long rss = 0;
            Deque<ProcFs.Stat> todo = new ArrayDeque<>(List.of(top));
            while (!todo.isEmpty()) {
                ProcFs.Stat e = todo.pop();
                if (!e.isZombie()) {
                    count++;
                    rss += rssBytes(e.pid());
                }
                cpu += e.cpuTicks();
                todo.addAll(tree.children(e.pid()));
            }
            out.put(root, new TreeSample(root, top.startTicks(), count, cpu, rss, startedAt(top.startTicks()), takenAt));
        }
        return out;
    }

    /**
     * How a sample finds the processes under a root. An open window samples its services every
     * second, so it reads only their trees ({@code children} files, a few reads per process) rather
     * than every process on the machine; the walk through parent PIDs of every process is for
     * kernels without those files.
     */
    private sealed interface Tree {
        ProcFs.Stat stat(long pid);

        List<ProcFs.Stat> children(long pid);

        final class ByChildrenFiles implements Tree {
            @Override
            public ProcFs.Stat stat(long pid) {
                return ProcFs.stat(pid).orElse(null);
            }

            @Override
            public List<ProcFs.Stat> children(long pid) {
                List<Long> kids = ProcFs.children(pid);
                List<ProcFs.Stat> out = new ArrayList<>();
                for (long kid : kids == null ? List.<Long>of() : kids) {
                    ProcFs.stat(kid).filter(st -> st.ppid() == pid).ifPresent(out::add); // not a reused PID
                }
                return out;
            }
        }

        final class ByParentPids implements Tree {
            private final Map<Long, ProcFs.Stat> all = new HashMap<>();
            private final Map<Long, List<ProcFs.Stat>> children = new HashMap<>();

            ByParentPids(List<ProcFs.Stat> every) {
                for (ProcFs.Stat e : every) {
                    all.put(e.pid(), e);
                    children.computeIfAbsent(e.ppid(), k -> new ArrayList<>()).add(e);
                }
            }

            @Override
            public ProcFs.Stat stat(long pid) {
                return all.get(pid);
            }

            @Override
            public List<ProcFs.Stat> children(long pid) {
                return children.getOrDefault(pid, List.of());
            }
        }
    }

    private static volatile Boolean childrenFiles;

    /** Whether this kernel has {@code /proc/PID/task/TID/children} (asked once, of this JVM). */
    private static boolean childrenFilesWork() {
        Boolean works = childrenFiles;
        if (works == null) {
            works = ProcFs.children(ProcessHandle.current().pid()) != null;
            childrenFiles = works;
        }
        return works;
    }

    /**
     * How busy a tree was between two samples, in percent of one CPU (like {@code top}: a tree
     * keeping two cores busy shows 200). 0 when the samples are not of the same process (a reused
     * PID), not in time order, or when the tree's CPU time went down (a member exited whose time
     * its parent had not collected).
     */
    public static double cpuPercent(TreeSample before, TreeSample after) {
        if (before.rootPid() != after.rootPid() || before.rootStartTicks() != after.rootStartTicks()) {
            return 0;
        }
        long nanos = after.takenAtNanos() - before.takenAtNanos();
        long ticks = after.cpuTicks() - before.cpuTicks();
        if (nanos <= 0 || ticks <= 0) {
            return 0;
        }
        double seconds = ticks / (double) TICKS_PER_SECOND;
        return 100.0 * seconds / (nanos / 1e9);
    }

    // ---------------------------------------------------------------- reading /proc

    /** {@code VmRSS} from {@code /proc/PID/status}; 0 for kernel threads, zombies and vanished PIDs. */
    private static long rssBytes(long pid) {
        return read(PROC.resolve(Long.toString(pid)).resolve("status")).map(ProcessStats::parseRss).orElse(0L);
    }

    static long parseRss(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                try {
                    return Long.parseLong(parts[0]) * 1024; // always kB
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static Instant startedAt(long startTicks) {
        long millis = startTicks * 1000 / TICKS_PER_SECOND;
        return Instant.ofEpochSecond(bootEpochSeconds()).plusMillis(millis);
    }

    /** {@code btime} of {@code /proc/stat}: when the system booted, in seconds since the epoch. */
    private static long bootEpochSeconds() {
        Long boot = bootEpochSeconds;
        if (boot == null) {
            boot = read(PROC.resolve("stat")).flatMap(ProcessStats::parseBootTime).orElse(0L);
            bootEpochSeconds = boot;
        }
        return boot;
    }

    static Optional<Long> parseBootTime(String procStat) {
        for (String line : procStat.split("\n")) {
            if (line.startsWith("btime ")) {
                try {
                    return Optional.of(Long.parseLong(line.substring(6).trim()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(ProcFs.read(file));
        } catch (IOException e) {
            return Optional.empty(); // gone, or not ours to read
        }
    }
}
