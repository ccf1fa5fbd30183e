package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.process.ProcFs;
import dev.stackyard.core.process.Strays;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds postgres server processes by the data folder they run in. Every postgres child calls
 * setsid(), so a group kill of the postmaster never reaches a backend; after a killed postmaster a
 * busy backend lingers and blocks the next start ("pre-existing shared memory block … is still in
 * use"). All of them keep the data folder as their working directory, which is how they are found.
 *
 * <p>Snapshots of /proc: a process may exit (or, rarely, a PID be reused) between look and act,
 * which is why every kill re-checks the start ticks first. Stateless and thread-safe.
 */
final class PostgresProcesses {
    private PostgresProcesses() {
    }

    /** The real path of {@code dataDir}, or empty when it does not exist. */
    static Optional<Path> realPath(Path dataDir) {
        try {
            return Optional.of(dataDir.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Live (non-zombie) processes running a postgres server binary with {@code realDataDir} as
     * their working directory; never PID 1 nor this JVM. Any installed version counts: the data
     * folder, not the binary, is what they share (an upgrade may have replaced the binary since).
     * Processes of other accounts are seen only as root.
     */
    static List<ProcFs.Stat> onDataDir(Path realDataDir) {
        long self = ProcessHandle.current().pid();
        List<ProcFs.Stat> out = new ArrayList<>();
        for (ProcFs.Stat s : ProcFs.all()) {
            if (s.pid() <= 1 || s.pid() == self || s.isZombie()) {
                continue;
            }
            boolean inData = ProcFs.cwd(s.pid()).map(realDataDir::equals).orElse(false);
            if (inData && ProcFs.exe(s.pid()).map(PostgresProcesses::isServerBinary).orElse(false)) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean isServerBinary(String exe) {
        Path name = Path.of(exe).getFileName();
        return name != null && name.toString().equals("postgres");
    }

    /**
     * The PID of a live postmaster serving {@code dataDir}: the one its {@code postmaster.pid}
     * names, when that process is alive, runs postgres and has {@code dataDir} as its working
     * directory. Empty for a missing or stale file (dead PID, or a PID reused by something else).
     */
    static OptionalLong livePostmaster(Path dataDir) {
        Optional<Path> real = realPath(dataDir);
        if (real.isEmpty()) {
            return OptionalLong.empty();
        }
        long pid;
        try {
            String text = new String(Files.readAllBytes(dataDir.resolve("postmaster.pid")), StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            // Negative while a single-user backend holds the lock; still a live server.
            pid = Math.abs(Long.parseLong((nl < 0 ? text : text.substring(0, nl)).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        if (pid <= 1 || pid == ProcessHandle.current().pid()) {
            return OptionalLong.empty();
        }
        Optional<ProcFs.Stat> stat = ProcFs.stat(pid);
        if (stat.isEmpty() || stat.get().isZombie()) {
            return OptionalLong.empty();
        }
        boolean inData = ProcFs.cwd(pid).map(real.get()::equals).orElse(false);
        boolean server = ProcFs.exe(pid).map(PostgresProcesses::isServerBinary).orElse(false);
        return inData && server ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    /**
     * KILLs each process that is still the one seen (same start ticks) and waits until all are
     * gone or zombies (a zombie holds no memory, port or shared memory), at most {@code wait}.
     *
     * @return the PIDs still alive when the wait ran out
     */
    static List<Long> killAndWait(List<ProcFs.Stat> processes, Duration wait) {
        return Strays.killAndAwait(processes, wait);
    }

    private static boolean sameAndAlive(ProcFs.Stat seen) {
        return ProcFs.stat(seen.pid())
                .filter(now -> now.startTicks() == seen.startTicks() && !now.isZombie())
                .isPresent();
    }
}
