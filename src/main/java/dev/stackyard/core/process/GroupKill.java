package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
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
        for (PinnedProcess t : pinGroup(pgid, m.identity.startTicks(), s -> true)) {
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

    /** The leader's descendants, group members and marked escapees now, each pinned by a pidfd. */
    static List<PinnedProcess> snapshotTree(Managed m) {
        Set<Long> seen = new HashSet<>();
        List<PinnedProcess> out = new ArrayList<>();
        List<ProcFs.Stat> all = ProcFs.all(); // one pass over /proc: stop-all runs many of these at once
        List<ProcFs.Stat> candidates = new ArrayList<>(ProcFs.descendants(m.pid(), all));
        all.stream().filter(st -> st.pgrp() == m.pid() && !st.isZombie()).forEach(candidates::add);
        for (ProcFs.Stat s : candidates) {
            if (s.pid() != m.pid() && s.startTicks() >= m.identity.startTicks() && seen.add(s.pid())) {
                PinnedProcess t = PinnedProcess.open(s);
                if (t != null) {
                    out.add(t);
                }
            }
        }
        seen.add(m.pid());
        out.addAll(pinMarked(m.marker, m.identity.startTicks(), all, seen));
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
        all.addAll(pinGroup(m.pid(), m.identity.startTicks(), s -> !pinned.contains(s.pid())));
        all.forEach(t -> pinned.add(t.pid));
        pinned.add(m.pid());
        all.addAll(pinMarked(m.marker, m.identity.startTicks(), ProcFs.all(), pinned));
        killAndAwait(m.id, all, "left-over");
    }

    /**
     * After its leader died: KILLs every process still carrying its mark, wherever it went
     * (another session, re-parented), and waits for each to be gone. Logged as a warning with the
     * PIDs, so a crash never leaves them running unnoticed.
     */
    static void killMarked(String id, String marker, long leaderStartTicks) {
        killAndAwait(id, pinMarked(marker, leaderStartTicks, ProcFs.all(), Set.of()), ORPHANED);
    }

    /** The carriers of {@code marker} not in {@code skip}, each pinned by a pidfd (the caller closes them). */
    private static List<PinnedProcess> pinMarked(String marker, long leaderStartTicks, List<ProcFs.Stat> all,
                                                 Set<Long> skip) {
        List<PinnedProcess> out = new ArrayList<>();
        for (ProcFs.Stat s : ServiceMarker.carriers(marker, leaderStartTicks, all)) {
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
        killAndAwait(id, pinGroup(pgid, leaderStartTicks, also), ORPHANED);
    }

    /**
     * The live members of group {@code pgid}, other than its leader, that started no earlier than it
     * and match {@code also}, each pinned by a pidfd (the caller closes them).
     */
    private static List<PinnedProcess> pinGroup(long pgid, long leaderStartTicks, Predicate<ProcFs.Stat> also) {
        List<PinnedProcess> out = new ArrayList<>();
        for (ProcFs.Stat member : ProcFs.groupMembers(pgid)) {
            if (member.pid() != pgid && member.startTicks() >= leaderStartTicks && also.test(member)) {
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
