package dev.stackyard.core.process;

/**
 * What {@link ProcessManager#tryFind} saw without waiting: the process runs, it does not, or
 * another thread or Stackyard process holds the id's lock (a start or stop under way), so the
 * answer is not known now.
 */
public sealed interface ProcessLookup {

    /** The process with this id runs and is ours. */
    record Running(ProcessInfo info) implements ProcessLookup {
    }

    /** Nothing with this id runs (stale files, if any, were cleaned on the way). */
    record NotRunning() implements ProcessLookup {
    }

    /** The id's lock is held elsewhere; ask again later. */
    record Busy() implements ProcessLookup {
    }
}
