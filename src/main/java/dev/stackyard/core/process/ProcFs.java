package dev.stackyard.core.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what Linux says about processes in {@code /proc}. Every read is a snapshot that may be
 * out of date the moment it returns; callers pair it with a pidfd or a start-tick check.
 */
public final class ProcFs {
    private static final Path PROC = Path.of("/proc");
    private static volatile String bootId;

    private ProcFs() {
    }

    /**
     * The fields of {@code /proc/PID/stat} Stackyard uses.
     *
     * @param state      one letter: R, S, D, Z (zombie), T, ...
     * @param startTicks field 22: start time in clock ticks since boot, exact (unlike
     *                   {@code ProcessHandle.Info.startInstant()}, which is rounded)
     * @param cpuTicks   fields 14-17: user and system time of the process plus what its reaped
     *                   children used, in clock ticks
     */
    public record Stat(long pid, char state, long ppid, long pgrp, long session, long startTicks, long cpuTicks) {
        public boolean isZombie() {
            return state == 'Z' || state == 'X';
        }
    }

    /**
     * Reads a /proc file whole. {@code Files.readString} is not used: it sizes its buffer from the
     * reported length (0 for /proc files) and was seen here to return "3" for pid_max (32768).
     */
    static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The stat of a process, or empty when there is no such process. */
    public static Optional<Stat> stat(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        String text;
        try {
            text = read(PROC.resolve(Long.toString(pid)).resolve("stat"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // ESRCH while reading: the process went away between open and read.
            return Optional.empty();
        }
        return parseStat(pid, text);
    }

    static Optional<Stat> parseStat(long pid, String text) {
        // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
        int close = text.lastIndexOf(')');
        if (close < 0 || close + 2 >= text.length()) {
            return Optional.empty();
        }
        String[] f = text.substring(close + 2).trim().split(" ");
        if (f.length < 20) {
            return Optional.empty();
        }
        try {
            // f[0] is field 3.
            long cpu = Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return Optional.of(new Stat(pid, f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), Long.parseLong(f[19]), cpu));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The resolved executable of a process; empty when it has gone or we may not look. */
    public static Optional<String> exe(long pid) {
        try {
            String target = Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("exe")).toString();
            return Optional.of(target.endsWith(" (deleted)") ? target.substring(0, target.length() - 10) : target);
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** The user id owning a process (its effective uid), or -1 when it has gone. */
    public static int uid(long pid) {
        try {
            return (Integer) Files.getAttribute(PROC.resolve(Long.toString(pid)), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /** The working directory of a process; empty when it has gone or we may not look. */
    public static Optional<Path> cwd(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** The kernel's name for the program ({@code /proc/PID/comm}), or empty. */
    public static Optional<String> comm(long pid) {
        try {
            return Optional.of(read(PROC.resolve(Long.toString(pid)).resolve("comm")).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** This boot's id; a process recorded under another boot is never ours. */
    public static String bootId() {
        String id = bootId;
        if (id == null) {
            try {
                id = read(PROC.resolve("sys/kernel/random/boot_id")).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the boot id", e);
            }
            bootId = id;
        }
        return id;
    }

    /** The largest PID the kernel hands out; numbers above it are never a process. */
    public static long pidMax() {
        try {
            return Long.parseLong(read(PROC.resolve("sys/kernel/pid_max")).strip());
        } catch (IOException | NumberFormatException e) {
            return 4_194_304L; // the kernel's upper limit on 64-bit
        }
    }

    /**
     * Stats of every process visible now: from a pass over /proc that began after this call
     * (shared with the callers asking at the same time, see {@link ProcScan}). The list is unmodifiable.
     */
    public static List<Stat> all() {
        return ProcScan.now().all();
    }

    /** One pass over /proc, not shared: use {@link #all()}. */
    static List<Stat> readAll() {
        List<Stat> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    stat(Long.parseLong(name)).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc", e);
        }
        return List.copyOf(out);
    }

    /**
     * The children of a process, from {@code /proc/PID/task/TID/children} of each of its threads
     * (a child belongs to the thread that forked it): a few reads per process instead of a walk of
     * every process on the machine. Empty when the process is gone; {@code null} when the kernel
     * has no {@code children} files (built without CONFIG_PROC_CHILDREN), so the caller can fall
     * back to {@link #all()}.
     */
    public static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : tasks) {
                String text;
                try {
                    text = read(task.resolve("children"));
                } catch (NoSuchFileException e) {
                    if (Files.isDirectory(task)) {
                        return null; // the thread is there, its children file is not: no such feature
                    }
                    continue; // the thread ended meanwhile
                }
                for (String child : text.trim().split("\\s+")) {
                    if (!child.isEmpty()) {
                        out.add(Long.parseLong(child));
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of(); // ended while being read, or not ours to read
        }
        return out;
    }

    /** Live (non-zombie) members of a process group. */
    public static List<Stat> groupMembers(long pgid) {
        return all().stream().filter(s -> s.pgrp() == pgid && !s.isZombie()).toList();
    }

    /** Live descendants of a process (children, their children, ...), found through parent PIDs. */
    public static List<Stat> descendants(long pid) {
        return descendants(pid, all());
    }

    /** Live descendants of a process within an already-read list of every process. */
    public static List<Stat> descendants(long pid, List<Stat> all) {
        List<Stat> out = new ArrayList<>();
        List<Long> frontier = new ArrayList<>(List.of(pid));
        while (!frontier.isEmpty()) {
            List<Long> next = new ArrayList<>();
            for (Stat s : all) {
                if (frontier.contains(s.ppid()) && !s.isZombie()) {
                    out.add(s);
                    next.add(s.pid());
                }
            }
            frontier = next;
        }
        return out;
    }
}
