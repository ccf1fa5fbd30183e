package dev.stackyard.core.process;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One pass over {@code /proc} (every process's stat), shared by the callers that ask at the same
 * time ({@link SharedRead}), with each process's {@link ServiceMarker} marks read from its
 * environment at most once per pass, whoever asks.
 *
 * <p>Why: a stop-all of N services has N stops looking for their marks at once, each among the
 * processes started after its leader, which are mostly the other services' processes. Read per stop,
 * that is N x N environments (at N = 50, 5,000 reads twice per stop-all); shared, it is one read
 * per process per pass.
 *
 * <p>Thread-safe. A mark is read when first asked for, so it is no older than the pass.
 */
final class ProcScan {
    private static final SharedRead<ProcScan> SHARED = new SharedRead<>(() -> new ProcScan(ProcFs.readAll()));

    private final List<ProcFs.Stat> all;
    private final ConcurrentHashMap<Long, List<String>> marks = new ConcurrentHashMap<>();

    private ProcScan(List<ProcFs.Stat> all) {
        this.all = all;
    }

    /** A pass that began after this call (shared with the callers asking at the same time). */
    static ProcScan now() {
        return SHARED.get();
    }

    /** Every process seen by the pass (unmodifiable). */
    List<ProcFs.Stat> all() {
        return all;
    }

    /** The marks in {@code pid}'s environment (read once per pass); empty when none or unreadable. */
    List<String> marksOf(long pid) {
        return marks.computeIfAbsent(pid, ServiceMarker::readMarks);
    }
}
