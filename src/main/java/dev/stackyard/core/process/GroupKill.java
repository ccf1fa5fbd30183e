package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Signalling a managed process, its process group and its process tree, without ever hitting a
 * process that is not its own: the leader through its pidfd, the group with one {@code kill(-pgid)}
 * only while the leader (whose PID is the group id) is alive and verified, and every other member
 * through a pidfd of its own after its start ticks were checked (see {@link PinnedProcess}).
 *
 * <p>A group member counts as the leader's only if it started no earlier than the leader; the loop
 * that finds and pins such members is {@link #pinGroup}, used by every caller here. Processes that
 * left both the group and the tree (a {@code setsid} double fork) are found by their
 * {@link ServiceMarker} ({@link #pinMarked}).
 */
final class GroupKill {
    private static final Logger log = LoggerFactory.getLogger(GroupKill.class);
    static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final String ORPHANED = "orphaned";

    private GroupKill() {
    }

    /** Signals the leader through its pidfd, which cannot reach a process that reused the PID. */
    static void sendToLeader(Managed m, Signal signal) {
        if (m.exit.isDone()) {
            return;
        }
        try {
            if (m.pidfd >= 0) {
                Native.pidfdSendSignal(m.pidfd, signal.number());
            } else if (m.identity.isAliveAndSame()) {
                Native.kill(m.pid(), signal.number());
            }
            log.debug("{}: sent {} to PID {}", m.id, signal, m.pid());
        } catch (Native.NativeException e) {
            if (e.errno() != Native.ESRCH) {
                throw new ProcessException(m.id, "cannot send " + signal + " to PID " + m.pid(), e);
            }
        }
    }

    /**
     * Signals the whole group. While the leader is alive and verified (pidfd), the group id is
     * ours and one {@code kill(-pgid)} reaches every member atomically. Once the leader is gone,
     * each member is checked and signalled through a pidfd of its own.
     */
    static void sendToGroup(Managed m, Signal signal) {
        long pgid = m.pid();
        if (!m.exit.isDone() && leaderHoldsItsPid(m)) {
            try {
                Native.killGroup(pgid, signal.number());
                log.debug("{}: sent {} to group {}", m.id, signal, pgid);
                return;
            } catch (Native.NativeException e) {
                if (e.errno() != Native.ESRCH) {
                    throw new ProcessException(m.id, "cannot send " + signal + " to group " + pgid, e);
                }
            }
        }
        for (PinnedProcess t : pinGroup(pgid, m.identity.startTicks(), ProcFs.all(), s -> true)) {
            t.signal(signal);
            t.close();
        }
    }

    /**
     * Whether the leader still holds its PID, so the group id is ours. With a pidfd this is the
     * pidfd's word (not readable = not exited): a pidfd cannot be fooled by PID reuse, and the
     * leader may have exec'd another program since its identity was recorded (a wrapper script
     * that prints its ready line, then {@code exec}s the server) without ceasing to be ours. The
     * full identity check, executable included, is for records without a pidfd.
     */
    private static boolean leaderHoldsItsPid(Managed m) {
        return m.pidfd >= 0 ? !Native.pollReadable(new int[]{m.pidfd}, 0)[0] : m.identity.isAliveAndSame();
    }

    /**
     * The leader's descendants, group members and marked escapees now, each pinned by a pidfd:
     * {@link #pinDescendants}, then {@link #pinGroupAndMarked}.
     */
    static List<PinnedProcess> snapshotTree(Managed m) {
        List<PinnedProcess> out = new ArrayList<>(pinDescendants(m));
        out.addAll(pinGroupAndMarked(m, out));
        return out;
    }

    /**
     * The leader's live descendants now, each pinned by a pidfd: the processes that only the tree
     * ties to the leader (one that left the group and dropped the mark), and that its death would
     * hide by re-parenting them. So this comes before the first signal, and costs a few reads per
     * descendant (the children files), not a pass over every process on the machine; without
     * those files (a kernel built without CONFIG_PROC_CHILDREN), a pass over /proc.
     */
    static List<PinnedProcess> pinDescendants(Managed m) {
        List<ProcFs.Stat> found = descendantsByChildrenFiles(m.pid());
        if (found == null) {
            found = ProcFs.descendants(m.pid(), ProcFs.all());
        }
        List<PinnedProcess> out = new ArrayList<>();
        for (ProcFs.Stat s : found) {
            if (s.pid() != m.pid() && s.startTicks() >= m.identity.startTicks()) {
                PinnedProcess t = PinnedProcess.open(s);
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** Live descendants of {@code pid} through the children files; null when the kernel has none. */
    private static List<ProcFs.Stat> descendantsByChildrenFiles(long pid) {
        List<ProcFs.Stat> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>(Set.of(pid));
        ArrayDeque<Long> todo = new ArrayDeque<>(List.of(pid));
        while (!todo.isEmpty()) {
            List<Long> children = ProcFs.children(todo.pop());
            if (children == null) {
                return null;
            }
            for (long child : children) {
                if (seen.add(child)) {
                    ProcFs.stat(child).filter(st -> !st.isZombie()).ifPresent(st -> {
                        out.add(st);
                        todo.add(child);
                    });
                }
            }
        }
        return out;
    }

    /**
     * The group members and the marked escapees that {@code known} does not hold, from one pass over
     * /proc shared with concurrent stops ({@link ProcScan}), each pinned by a pidfd. A stop calls it
     * right after its first signal, so the pass runs while the process takes its grace period
     * instead of delaying the signal: the group signal has reached the members already, and an
     * escapee keeps its mark after the leader's death, so waiting loses neither. Group members are
     * taken only when the leader still held its PID at the end of the pass (so the group id was ours
     * throughout); once it is gone, {@link #killLeftovers} finds them under its own rule.
     */
    static List<PinnedProcess> pinGroupAndMarked(Managed m, List<PinnedProcess> known) {
        ProcScan scan = ProcScan.now();
        Set<Long> skip = new HashSet<>();
        known.forEach(t -> skip.add(t.pid));
        skip.add(m.pid());
        List<PinnedProcess> out = new ArrayList<>();
        if (!m.exit.isDone() && leaderHoldsItsPid(m)) {
            out.addAll(pinGroup(m.pid(), m.identity.startTicks(), scan.all(), s -> !skip.contains(s.pid())));
            out.forEach(t -> skip.add(t.pid));
        }
        out.addAll(pinMarked(m.marker, m.identity.startTicks(), scan, skip));
        return out;
    }

    /** Sends {@code signal} to the escapees of a snapshot (the group signal does not reach them). */
    static void signalEscaped(List<PinnedProcess> tree, Signal signal) {
        for (PinnedProcess t : tree) {
            if (t.escaped) {
                t.signal(signal);
            }
        }
    }

    /** Whether a snapshot holds an escapee that still runs. */
    static boolean escapedRunning(List<PinnedProcess> tree) {
        return tree.stream().anyMatch(t -> t.escaped && t.isRunning());
    }

    /** Waits until every escapee of a snapshot has exited or {@link System#nanoTime()} passes {@code until}. */
    static void awaitEscaped(List<PinnedProcess> tree, long until) {
        for (PinnedProcess t : tree) {
            if (t.escaped) {
                long left = Math.max(0, (until - System.nanoTime()) / 1_000_000L);
                Native.pollReadable(new int[]{t.pidfd}, left);
            }
        }
    }

    /**
     * KILLs what is left of the snapshot, of the group and of the processes carrying the leader's
     * mark (those forked during the stop too), and waits for each to be gone.
     */
    static void killLeftovers(Managed m, List<PinnedProcess> tree) {
        Set<Long> pinned = new HashSet<>();
        tree.forEach(t -> pinned.add(t.pid));
        List<PinnedProcess> all = new ArrayList<>(tree);
        ProcScan scan = ProcScan.now(); // one pass for the group and the marks
        all.addAll(pinGroup(m.pid(), m.identity.startTicks(), scan.all(), s -> !pinned.contains(s.pid())));
        all.forEach(t -> pinned.add(t.pid));
        pinned.add(m.pid());
        all.addAll(pinMarked(m.marker, m.identity.startTicks(), scan, pinned));
        killAndAwait(m.id, all, "left-over");
    }

    /**
     * After its leader died: KILLs every process still carrying its mark, wherever it went
     * (another session, re-parented), and waits for each to be gone. Logged as a warning with the
     * PIDs, so a crash never leaves them running unnoticed.
     */
    static void killMarked(String id, String marker, long leaderStartTicks) {
        killAndAwait(id, pinMarked(marker, leaderStartTicks, ProcScan.now(), Set.of()), ORPHANED);
    }

    /** The carriers of {@code marker} not in {@code skip}, each pinned by a pidfd (the caller closes them). */
    private static List<PinnedProcess> pinMarked(String marker, long leaderStartTicks, ProcScan scan, Set<Long> skip) {
        List<PinnedProcess> out = new ArrayList<>();
        for (ProcFs.Stat s : ServiceMarker.carriers(marker, leaderStartTicks, scan)) {
            if (!skip.contains(s.pid())) {
                PinnedProcess t = PinnedProcess.open(s, true);
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    /**
     * KILLs the members of {@code pgid} (its leader gone) that started no earlier than the leader and
     * match {@code also}, and waits for them. Does nothing while a live process holds the PID
     * {@code pgid}: the group id may then be someone else's.
     */
    static void killOrphans(String id, long pgid, long leaderStartTicks, Predicate<ProcFs.Stat> also) {
        if (pgid <= 1 || ProcFs.stat(pgid).filter(st -> !st.isZombie()).isPresent()) {
            return;
        }
        killAndAwait(id, pinGroup(pgid, leaderStartTicks, ProcFs.all(), also), ORPHANED);
    }

    /**
     * The live members of group {@code pgid} among {@code all}, other than its leader, that started no
     * earlier than it and match {@code also}, each pinned by a pidfd (the caller closes them).
     */
    private static List<PinnedProcess> pinGroup(long pgid, long leaderStartTicks, List<ProcFs.Stat> all,
                                                Predicate<ProcFs.Stat> also) {
        List<PinnedProcess> out = new ArrayList<>();
        for (ProcFs.Stat member : all) {
            if (member.pgrp() == pgid && !member.isZombie() && member.pid() != pgid && member.startTicks() >= leaderStartTicks && also.test(member)) {
                PinnedProcess t = PinnedProcess.open(member);
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static void killAndAwait(String id, List<PinnedProcess> processes, String what) {
        for (PinnedProcess t : processes) {
            if (t.isRunning()) {
                if (what.equals(ORPHANED)) {
                    log.warn("{}: killing PID {} ({}) left behind by a dead {}", id, t.pid,
                            ProcFs.comm(t.pid).orElse("?"), t.escaped ? "leader (it had left the group)" : "process group");
                } else {
                    log.info("{}: killing {} PID {}", id, what, t.pid);
                }
                t.kill();
            }
        }
        for (PinnedProcess t : processes) {
            t.awaitAndClose(KILL_WAIT);
        }
    }
}
