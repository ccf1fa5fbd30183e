package dev.stackyard.faults;

import dev.stackyard.core.process.ProcFs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Processes a test's fixture lets escape from Stackyard's process group and session. Each writes
 * its PID to a file; the test tracks it by PID and start ticks and kills what is still there
 * (only that very process) at the end, whatever Stackyard did.
 */
final class Escapees {
    private static final long WAIT = TimeUnit.SECONDS.toNanos(15);
    private final Map<Long, Long> ticks = new LinkedHashMap<>();

    /**
     * Shell text that double-forks a {@code sleep} into a session of its own (the subshell exits at
     * once, so it is re-parented) after writing its PID to {@code pidFile} (whole, by rename).
     */
    static String doubleFork(Path pidFile) {
        return "( setsid /bin/bash -c 'echo $$ > " + pidFile + ".tmp && mv " + pidFile + ".tmp " + pidFile
                + "; exec sleep 1000' </dev/null >/dev/null 2>&1 & )";
    }

    /** Waits for the PID in {@code pidFile} and remembers that process. */
    long track(Path pidFile) {
        long deadline = System.nanoTime() + WAIT;
        while (!Files.exists(pidFile)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the fixture never wrote " + pidFile);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcFs.stat(pid).ifPresent(st -> ticks.put(pid, st.startTicks()));
            return pid;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the process is gone (a zombie counts: this machine's PID 1 never reaps). */
    static boolean gone(long pid) {
        return ProcFs.stat(pid).filter(s -> !s.isZombie()).isEmpty();
    }

    /** Waits until {@code pid} is gone; fails naming {@code what} when it is not within 15 s. */
    static void awaitGone(long pid, String what) {
        long deadline = System.nanoTime() + WAIT;
        while (!gone(pid)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " (PID " + pid + ") still runs: " + ProcFs.stat(pid));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Waits until a tracked PID is no longer even a zombie: its parent reaped it. */
    void awaitReaped(long pid) {
        long deadline = System.nanoTime() + WAIT;
        Long start = ticks.get(pid);
        while (ProcFs.stat(pid).filter(s -> start == null || s.startTicks() == start).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("PID " + pid + " was never reaped: " + ProcFs.stat(pid));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** KILLs every tracked process that is still the one tracked. */
    void killAll() {
        ticks.forEach((pid, start) -> {
            if (ProcFs.stat(pid).filter(s -> !s.isZombie() && s.startTicks() == start).isPresent()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        });
    }
}
