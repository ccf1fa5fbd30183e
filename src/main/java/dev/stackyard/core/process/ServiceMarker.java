package dev.stackyard.core.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The mark every process a start spawns carries, and every process it forks inherits: the
 * environment variable {@code STACKYARD_SERVICE=ID.TOKEN}, a fresh token per start. Unlike the
 * process group, the session and the parent PID, the environment survives {@code setsid}, a double
 * fork and the death of the leader, so at a stop or after a crash the processes a service left can
 * be found in {@code /proc/PID/environ} even when they escaped its group and tree.
 *
 * <p>Not guaranteed: a program that execs with a cleared environment ({@code env -i}, {@code
 * setpriv --reset-env}) drops the mark, and so do its descendants. A process is counted as the
 * service's only when it carries the exact mark, belongs to this user (any user when Stackyard runs
 * as root, for services run as another account) and started no earlier than the leader; it is then
 * pinned by a pidfd with its start ticks checked again, so a PID reused meanwhile is never hit.
 */
final class ServiceMarker {
    static final String VARIABLE = "STACKYARD_SERVICE";
    /** Enough of /proc/PID/environ to cover a usual environment; the mark is looked for in it. */
    private static final int ENVIRON_LIMIT = 1 << 20;
    private static final byte[] PREFIX = (VARIABLE + "=").getBytes(StandardCharsets.UTF_8);

    private ServiceMarker() {
    }

    /** A new mark for a start of {@code id}. */
    static String fresh(String id) {
        byte[] token = new byte[8];
        new SecureRandom().nextBytes(token);
        return id + "." + HexFormat.of().formatHex(token);
    }

    /**
     * The live processes (neither this JVM nor PID 1) of {@code scan} that carry {@code marker},
     * belong to this user (or any, as root) and started no earlier than {@code leaderStartTicks}.
     * Each environment is read once per scan, however many stops look in it.
     */
    static List<ProcFs.Stat> carriers(String marker, long leaderStartTicks, ProcScan scan) {
        List<ProcFs.Stat> out = new ArrayList<>();
        if (marker == null) {
            return out;
        }
        long self = ProcessHandle.current().pid();
        int uid = ProcFs.uid(self);
        for (ProcFs.Stat s : scan.all()) {
            if (s.pid() > 1 && s.pid() != self && !s.isZombie() && s.startTicks() >= leaderStartTicks
                    && (uid == 0 || ProcFs.uid(s.pid()) == uid) && scan.marksOf(s.pid()).contains(marker)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The values of every whole {@code STACKYARD_SERVICE=...} entry (NUL-terminated) in the
     * environment of {@code pid}; empty when it has none, is gone or is not ours to read.
     */
    static List<String> readMarks(long pid) {
        byte[] environ;
        try (InputStream in = new FileInputStream("/proc/" + pid + "/environ")) { // cheaper than NIO's, see ProcFs.stat
            environ = in.readNBytes(ENVIRON_LIMIT);
        } catch (IOException e) {
            return List.of(); // gone, or not ours to read
        }
        List<String> out = new ArrayList<>(1);
        int start = 0;
        for (int i = 0; i < environ.length; i++) {
            if (environ[i] == 0) {
                if (startsWith(environ, start, i, PREFIX)) {
                    out.add(new String(environ, start + PREFIX.length, i - start - PREFIX.length, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int j = 0; j < prefix.length; j++) {
            if (b[from + j] != prefix[j]) {
                return false;
            }
        }
        return true;
    }
}
