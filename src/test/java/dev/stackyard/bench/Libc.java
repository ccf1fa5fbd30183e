package dev.stackyard.bench;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * libc {@code kill(2)} for the raw-daemon baseline, which must send QUIT and INT (the JDK only
 * sends TERM and KILL) without paying for a {@code kill} child process inside the timing. The
 * engine's own {@code Native} is package-private to the process core, and rightly so.
 */
final class Libc {
    @SuppressWarnings("restricted") // the bench JVM runs with --enable-native-access
    private static final MethodHandle KILL = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("kill").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private Libc() {
    }

    /**
     * Sends {@code signal} to one process. Callers pass only the PID of a child they have not yet
     * seen exit (an unreaped child's PID cannot be reused).
     *
     * @throws IllegalArgumentException for PID <= 1: never a group, never init
     * @throws IllegalStateException    when kill(2) fails
     */
    static void kill(long pid, int signal) {
        call(pid, pid, signal);
    }

    /**
     * Sends {@code signal} to the process group of {@code leader}: only for a child this JVM
     * started through {@code setsid} (so its PID is its group's id) and has not yet seen exit.
     */
    static void killGroup(long leader, int signal) {
        call(leader, -leader, signal);
    }

    private static void call(long checked, long pid, int signal) {
        if (checked <= 1) {
            throw new IllegalArgumentException("refusing to signal PID " + checked);
        }
        int rc;
        try {
            rc = (int) KILL.invokeExact((int) pid, signal);
        } catch (Throwable t) {
            throw new IllegalStateException("kill(" + pid + ", " + signal + ") could not be called", t);
        }
        if (rc != 0) {
            throw new IllegalStateException("kill(" + pid + ", " + signal + ") failed");
        }
    }
}
