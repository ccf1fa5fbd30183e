package dev.stackyard.core.process;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * libc calls through the foreign-function API: {@code kill}, {@code pidfd_open},
 * {@code pidfd_send_signal}, {@code poll}, {@code eventfd}, {@code fcntl} (to duplicate a descriptor), {@code read},
 * {@code write}, {@code close}, {@code prctl} (child subreaper), {@code waitid} (reaping re-parented orphans)
 * and {@code open} (no-follow, for log descriptors). See docs/decisions/0001-signals-through-ffm-and-pidfd.md.
 *
 * <p>Every method is thread-safe. Failures come back as {@link NativeException} carrying errno;
 * the guards against PID 0, 1 and negative PIDs live here so no caller can get round them.
 */
final class Native {
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int EPERM = 1;

    private static final long SYS_PIDFD_SEND_SIGNAL = 424;
    private static final long SYS_PIDFD_OPEN = 434;
    private static final short POLLIN = 0x0001;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EFD_NONBLOCK = 0x800;
    private static final int F_DUPFD_CLOEXEC = 1030;
    static final int EAGAIN = 11;
    static final int ECHILD = 10;
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int P_PID = 1;
    private static final int P_PIDFD = 3;
    private static final int WNOHANG = 1;
    private static final int WEXITED = 4;
    private static final long SIGINFO_SIZE = 128;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

    // Each downcall handle is made at its first use, in a holder class of its own: making one spins
    // classes at run time (no AOT cache keeps them), and making all twelve when this class loaded
    // cost a cold CLI call tens of milliseconds, where adopting one running service needs few.
    private static final class KillCall {
        static final MethodHandle HANDLE = downcall("kill",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO_OPTION);
    }

    private static final class Syscall2Call {
        static final MethodHandle HANDLE = downcall("syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                ERRNO_OPTION, Linker.Option.firstVariadicArg(1));
    }

    private static final class Syscall4Call {
        static final MethodHandle HANDLE = downcall("syscall",
                FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                ERRNO_OPTION, Linker.Option.firstVariadicArg(1));
    }

    private static final class PollCall {
        static final MethodHandle HANDLE = downcall("poll",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO_OPTION);
    }

    private static final class CloseCall {
        static final MethodHandle HANDLE = downcall("close",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    }

    private static final class EventfdCall {
        static final MethodHandle HANDLE = downcall("eventfd",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO_OPTION);
    }

    private static final class FcntlCall {
        static final MethodHandle HANDLE = downcall("fcntl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
    }

    private static final class ReadCall {
        static final MethodHandle HANDLE = downcall("read",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO_OPTION);
    }

    private static final class WriteCall {
        static final MethodHandle HANDLE = downcall("write",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO_OPTION);
    }

    private static final class PrctlCall {
        static final MethodHandle HANDLE = downcall("prctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                ERRNO_OPTION, Linker.Option.firstVariadicArg(1));
    }

    private static final class WaitidCall {
        static final MethodHandle HANDLE = downcall("waitid",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO_OPTION);
    }

    private static final class OpenCall {
        static final MethodHandle HANDLE = downcall("open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
    }

    static final int ELOOP = 40;
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0x40;
    private static final int O_APPEND = 0x400;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;

    private Native() {
    }

    // Restricted on purpose: this class is the one place that calls libc (the launcher and the tests
    // grant it --enable-native-access), and the guards on PIDs below are why that is safe.
    @SuppressWarnings("restricted")
    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** Thrown when a libc call returns -1; {@link #errno()} says why. */
    static final class NativeException extends RuntimeException {
        private final int errno;

        NativeException(String call, int errno) {
            super(call + " failed with errno " + errno);
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    /** {@code kill(pid, sig)} for a single process. Refuses PID 0, 1 and negatives. */
    static void kill(long pid, int signal) {
        if (pid <= 1 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("refusing to signal PID " + pid);
        }
        killRaw((int) pid, signal);
    }

    /** {@code kill(-pgid, sig)}: the whole process group. Refuses group 0 and 1 (that would be "everything"). */
    static void killGroup(long pgid, int signal) {
        if (pgid <= 1 || pgid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("refusing to signal process group " + pgid);
        }
        killRaw((int) -pgid, signal);
    }

    private static void killRaw(int target, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) KillCall.HANDLE.invokeExact(state, target, signal);
            if (rc == -1) {
                throw new NativeException("kill(" + target + ", " + signal + ")", (int) ERRNO.get(state, 0L));
            }
        } catch (NativeException | IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("kill downcall failed", t);
        }
    }

    /** {@code pidfd_open(pid, 0)}: a descriptor that always refers to this very process. */
    static int pidfdOpen(long pid) {
        if (pid <= 1 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("refusing to open PID " + pid);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            long rc = (long) Syscall2Call.HANDLE.invokeExact(state, SYS_PIDFD_OPEN, pid, 0L);
            if (rc == -1) {
                throw new NativeException("pidfd_open(" + pid + ")", (int) ERRNO.get(state, 0L));
            }
            return (int) rc;
        } catch (NativeException | IllegalArgumentException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("pidfd_open downcall failed", t);
        }
    }

    /** {@link #pidfdOpen}, or -1 when the process is already gone (ESRCH). */
    static int pidfdOpenIfAlive(long pid) {
        try {
            return pidfdOpen(pid);
        } catch (NativeException e) {
            if (e.errno() == ESRCH) {
                return -1;
            }
            throw new IllegalStateException("pidfd_open(" + pid + ") failed with errno " + e.errno(), e);
        }
    }

    /** {@code pidfd_send_signal(fd, sig, NULL, 0)}: fails with ESRCH once the process has exited. */
    static void pidfdSendSignal(int pidfd, int signal) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            long rc = (long) Syscall4Call.HANDLE.invokeExact(state, SYS_PIDFD_SEND_SIGNAL, (long) pidfd, (long) signal, 0L, 0L);
            if (rc == -1) {
                throw new NativeException("pidfd_send_signal(" + pidfd + ", " + signal + ")", (int) ERRNO.get(state, 0L));
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("pidfd_send_signal downcall failed", t);
        }
    }

    /**
     * Waits until each descriptor is readable (for a pidfd: the process has exited) or the timeout
     * passes. Returns a flag per descriptor saying whether it became readable. A negative timeout
     * waits for ever. Retries after EINTR with the time that is left.
     */
    static boolean[] pollReadable(int[] fds, long timeoutMillis) {
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfds = arena.allocate(8L * fds.length, 4);
            for (int i = 0; i < fds.length; i++) {
                pollfds.set(JAVA_INT, 8L * i, fds[i]);
                pollfds.set(JAVA_SHORT, 8L * i + 4, POLLIN);
                pollfds.set(JAVA_SHORT, 8L * i + 6, (short) 0);
            }
            MemorySegment state = arena.allocate(CAPTURE);
            while (true) {
                int wait;
                if (timeoutMillis < 0) {
                    wait = -1;
                } else {
                    wait = (int) Math.max(0, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000L));
                }
                int rc = (int) PollCall.HANDLE.invokeExact(state, pollfds, (long) fds.length, wait);
                if (rc == -1) {
                    int errno = (int) ERRNO.get(state, 0L);
                    if (errno == EINTR) {
                        continue;
                    }
                    throw new NativeException("poll", errno);
                }
                boolean[] readable = new boolean[fds.length];
                for (int i = 0; i < fds.length; i++) {
                    readable[i] = pollfds.get(JAVA_SHORT, 8L * i + 6) != 0;
                }
                return readable;
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("poll downcall failed", t);
        }
    }

    /** {@code eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)}: a counter that is readable once {@link #eventfdSignal} ran. */
    static int eventfd() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) EventfdCall.HANDLE.invokeExact(state, 0, EFD_CLOEXEC | EFD_NONBLOCK);
            if (rc == -1) {
                throw new NativeException("eventfd", (int) ERRNO.get(state, 0L));
            }
            return rc;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("eventfd downcall failed", t);
        }
    }

    /** Adds one to an eventfd's counter, which makes it readable (wakes a {@link #pollReadable}). */
    static void eventfdSignal(int fd) {
        transfer(WriteCall.HANDLE, "write", fd, true);
    }

    /** Resets an eventfd's counter to zero; does nothing when it already is (the fd is non-blocking). */
    static void eventfdDrain(int fd) {
        transfer(ReadCall.HANDLE, "read", fd, false);
    }

    private static void transfer(MethodHandle call, String name, int fd, boolean write) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment value = arena.allocate(JAVA_LONG);
            value.set(JAVA_LONG, 0, write ? 1L : 0L);
            while (true) {
                long rc = (long) call.invokeExact(state, fd, value, 8L);
                if (rc != -1) {
                    return;
                }
                int errno = (int) ERRNO.get(state, 0L);
                if (errno == EAGAIN) {
                    return; // read: counter already zero; write: counter full, so it is readable anyway
                }
                if (errno != EINTR) {
                    throw new NativeException(name + "(" + fd + ")", errno);
                }
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(name + " downcall failed", t);
        }
    }

    /** {@code fcntl(fd, F_DUPFD_CLOEXEC, 0)}: a second descriptor for the same open file (for a pidfd: the same process). */
    static int dup(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) FcntlCall.HANDLE.invokeExact(state, fd, F_DUPFD_CLOEXEC, 0);
            if (rc == -1) {
                throw new NativeException("fcntl(" + fd + ", F_DUPFD_CLOEXEC)", (int) ERRNO.get(state, 0L));
            }
            return rc;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("fcntl downcall failed", t);
        }
    }

    /**
     * {@code prctl(PR_SET_CHILD_SUBREAPER, on)}: while on, orphaned descendants of this process are
     * re-parented to it instead of to PID 1 (and it must reap them).
     */
    static void setChildSubreaper(boolean on) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int rc = (int) PrctlCall.HANDLE.invokeExact(state, PR_SET_CHILD_SUBREAPER, on ? 1L : 0L, 0L, 0L, 0L);
            if (rc == -1) {
                throw new NativeException("prctl(PR_SET_CHILD_SUBREAPER)", (int) ERRNO.get(state, 0L));
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("prctl downcall failed", t);
        }
    }

    /**
     * {@code waitid(P_PIDFD, pidfd, WEXITED | WNOHANG)}: reaps the process behind the pidfd if it
     * has exited and is a child of this process (a pidfd names exactly one process, so no other
     * child is ever reaped). Returns false when it is not a child of ours or has not exited.
     */
    static boolean reapIfChild(int pidfd) {
        return waitid(P_PIDFD, pidfd);
    }

    /**
     * {@code waitid(P_PID, pid, WEXITED | WNOHANG)}: reaps a child known to be a zombie (a zombie's
     * PID cannot be reused until it is reaped). Refuses PID 0, 1 and negatives.
     */
    static boolean reapZombie(long pid) {
        if (pid <= 1 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("refusing to reap PID " + pid);
        }
        return waitid(P_PID, (int) pid);
    }

    private static boolean waitid(int idType, int id) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            MemorySegment info = arena.allocate(SIGINFO_SIZE, 8);
            while (true) {
                int rc = (int) WaitidCall.HANDLE.invokeExact(state, idType, id, info, WEXITED | WNOHANG);
                if (rc == 0) {
                    return info.get(JAVA_INT, 0) != 0; // si_signo: SIGCHLD once reaped, 0 (as allocated) when nothing had exited
                }
                int errno = (int) ERRNO.get(state, 0L);
                if (errno == EINTR) {
                    continue;
                }
                if (errno == ECHILD) {
                    return false;
                }
                throw new NativeException("waitid(" + idType + ", " + id + ")", errno);
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("waitid downcall failed", t);
        }
    }

    static void close(int fd) {
        try {
            int rc = (int) CloseCall.HANDLE.invokeExact(fd);
            assert rc == 0 || rc == -1;
        } catch (Throwable t) {
            throw new IllegalStateException("close downcall failed", t);
        }
    }

    /**
     * {@code open(path, O_WRONLY|O_CREAT|O_APPEND|O_NOFOLLOW|O_CLOEXEC, mode)}: a descriptor for
     * appending to {@code path}, never through a link there (errno {@link #ELOOP}).
     */
    static int openForAppendNoFollow(String path, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            while (true) {
                int fd = (int) OpenCall.HANDLE.invokeExact(state, arena.allocateFrom(path),
                        O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, mode);
                if (fd >= 0) {
                    return fd;
                }
                int errno = (int) ERRNO.get(state, 0L);
                if (errno != EINTR) {
                    throw new NativeException("open(" + path + ")", errno);
                }
            }
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open downcall failed", t);
        }
    }
}
