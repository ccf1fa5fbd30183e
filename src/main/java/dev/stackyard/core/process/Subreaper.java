package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes this JVM a child subreaper ({@code prctl(PR_SET_CHILD_SUBREAPER)}) while a supervisor runs:
 * a process a service double-forks out of its group and session is then re-parented to Stackyard
 * instead of to PID 1, so it stays in Stackyard's process tree (and in reach of the stop, which
 * finds it by its {@link ServiceMarker}).
 *
 * <p>A subreaper must reap what is re-parented to it. Escapees the stop kills are reaped at once
 * through their pidfds ({@link PinnedProcess#awaitAndClose}). The rest (an orphan that ends by
 * itself) is reaped by {@link #sweep}: a zombie child of this JVM seen in two sweeps in a row with
 * the same start ticks. The JDK reaps the children it spawned the moment they exit (its reaper
 * thread waits on each one), so a zombie that stays for a whole sweep interval is never one of
 * those, and its exit status is nobody's to lose.
 *
 * <p>Thread-safety: {@link #sweep} is called from one thread (the supervisor's scheduler).
 */
public final class Subreaper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Subreaper.class);

    private final boolean active;
    private Map<Long, Long> zombiesSeen = new HashMap<>();

    private Subreaper(boolean active) {
        this.active = active;
    }

    /** Turns this JVM into a child subreaper; a failure (an old kernel) is logged and leaves it inactive. */
    public static Subreaper enable() {
        try {
            Native.setChildSubreaper(true);
            log.info("child subreaper: processes services leave behind are re-parented to Stackyard (PID {})",
                    ProcessHandle.current().pid());
            return new Subreaper(true);
        } catch (Native.NativeException | IllegalStateException e) {
            log.warn("cannot become a child subreaper ({}): escaped processes go to PID 1 and are found by their mark only",
                    e.getMessage());
            return new Subreaper(false);
        }
    }

    public boolean active() {
        return active;
    }

    /** Reaps the zombie children of this JVM that were already zombies at the last sweep. */
    public void sweep() {
        if (!active) {
            return;
        }
        long self = ProcessHandle.current().pid();
        List<Long> children = ProcFs.children(self);
        if (children == null) {
            children = ProcFs.all().stream().filter(s -> s.ppid() == self).map(ProcFs.Stat::pid).toList();
        }
        Map<Long, Long> now = new HashMap<>();
        for (long pid : children) {
            ProcFs.stat(pid).filter(ProcFs.Stat::isZombie).ifPresent(st -> {
                if (Long.valueOf(st.startTicks()).equals(zombiesSeen.get(pid))) {
                    if (Native.reapZombie(pid)) {
                        log.debug("reaped PID {}, a process re-parented to Stackyard", pid);
                    }
                } else {
                    now.put(pid, st.startTicks());
                }
            });
        }
        zombiesSeen = now;
    }

    /** Stops being a subreaper; what was re-parented already stays this JVM's child. */
    @Override
    public void close() {
        if (active) {
            try {
                Native.setChildSubreaper(false);
            } catch (Native.NativeException e) {
                log.warn("cannot stop being a child subreaper: {}", e.getMessage());
            }
        }
    }
}
