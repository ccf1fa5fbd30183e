package dev.stackyard.core.logs;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code fallocate(FALLOC_FL_COLLAPSE_RANGE)} through the foreign-function API: removes the first
 * bytes of a file in place, atomically with respect to writers. A daemon appending with O_APPEND
 * keeps writing at the (new) end, so nothing it writes during a rotation is lost or doubled, which
 * copy-then-truncate cannot promise. Supported by ext4 and XFS; the range must be whole
 * file-system blocks. Thread-safe.
 */
final class FileRanges {
    /** Errors for "this file system cannot": EOPNOTSUPP, EINVAL (alignment), ENOSYS. */
    static final int EOPNOTSUPP = 95;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");
    private static final MethodHandle OPEN = downcall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO_OPTION, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FALLOCATE = downcall("fallocate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), ERRNO_OPTION);
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private FileRanges() {
    }

    // Restricted: the app runs with --enable-native-access (packaging/stackyard, the tests' argLine).
    @SuppressWarnings("restricted")
    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /**
     * Removes bytes {@code [0, length)} of {@code file}. {@code length} must be a multiple of the
     * file system's block size.
     *
     * @return 0 on success, else the errno (EOPNOTSUPP when the file system cannot do it)
     */
    static int collapseHead(Path file, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(file.toString()), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
            if (fd < 0) {
                return (int) ERRNO.get(state, 0L);
            }
            try {
                int r = (int) FALLOCATE.invokeExact(state, fd, FALLOC_FL_COLLAPSE_RANGE, 0L, length);
                return r == 0 ? 0 : (int) ERRNO.get(state, 0L);
            } finally {
                int _ = (int) CLOSE.invokeExact(fd);
            }
        } catch (Throwable t) {
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("fallocate failed", t);
        }
    }
}
