package dev.stackyard.core.process;

import java.io.FileInputStream;
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
    /** Room for any stat line seen (about 300 bytes; the command name is at most 15). */
    private static final int STAT_BUFFER = 1024;

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

    /**
     * The stat of a process, or empty when there is no such process. Read with a plain
     * {@link FileInputStream} into one small buffer and parsed from the bytes: a stop makes a pass
     * over every process, often in a cold JVM, and the NIO stream plus a String split per file cost
     * several times the kernel's own time for the read.
     */
    public static Optional<Stat> stat(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        byte[] buf = new byte[STAT_BUFFER];
        int len;
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            len = in.readNBytes(buf, 0, buf.length);
            if (len == buf.length) { // longer than any stat line seen: take the rest too
                byte[] rest = in.readAllBytes();
                byte[] whole = new byte[len + rest.length];
                System.arraycopy(buf, 0, whole, 0, len);
                System.arraycopy(rest, 0, whole, len, rest.length);
                buf = whole;
                len = whole.length;
            }
        } catch (IOException e) {
            // No such process, or ESRCH while reading: it went away between open and read.
            return Optional.empty();
        }
        return parseStat(pid, buf, len);
    }

    static Optional<Stat> parseStat(long pid, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parseStat(pid, bytes, bytes.length);
    }

    /** Fields 4 to 22 of a stat line, after the command name and the state. */
    private static final int NUMBERS = 19;

    private static Optional<Stat> parseStat(long pid, byte[] b, int len) {
        // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
        int close = len - 1;
        while (close >= 0 && b[close] != ')') {
            close--;
        }
        int i = close + 2;
        if (close < 0 || i >= len || b[i] == ' ' || b[i] == '\n') {
            return Optional.empty();
        }
        char state = (char) b[i];
        i++;
        if (i < len && b[i] != ' ' && b[i] != '\n') {
            return Optional.empty(); // the state is one letter
        }
        long[] n = new long[NUMBERS]; // n[k] is field k + 4
        for (int k = 0; k < NUMBERS; k++) {
            i++; // past the separating space
            boolean negative = i < len && b[i] == '-';
            if (negative) {
                i++;
            }
            int digits = 0;
            long v = 0;
            for (; i < len && b[i] >= '0' && b[i] <= '9'; i++, digits++) {
                v = v * 10 + (b[i] - '0');
            }
            if (digits == 0 || digits > 18 || (i < len && b[i] != ' ' && b[i] != '\n')) {
                return Optional.empty();
            }
            n[k] = negative ? -v : v;
        }
        long cpu = n[10] + n[11] + n[12] + n[13]; // fields 14-17
        return Optional.of(new Stat(pid, state, n[0], n[1], n[2], n[18], cpu));
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
        String[] names = PROC.toFile().list();
        if (names == null) {
            throw new UncheckedIOException(new IOException("cannot list /proc"));
        }
        List<Stat> out = new ArrayList<>(names.length);
        for (String name : names) {
            if (isNumber(name)) {
                stat(Long.parseLong(name)).ifPresent(out::add);
            }
        }
        return List.copyOf(out);
    }

    private static boolean isNumber(String name) {
        if (name.isEmpty() || name.length() > 18) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
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
