package dev.stackyard.core.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stopping one process: walk its {@link StopPolicy} rung by rung, waiting on the exit (never
 * sleeping), KILL the group if the ladder runs out, then kill whatever is left of the group and of
 * the process tree seen when the stop began, and forget the process.
 *
 * <p>Processes that left the group and the tree but carry the leader's {@link ServiceMarker}
 * (escapees) get each group signal of the ladder too; if none was sent, they get TERM once the
 * leader is gone. They then have that rung's grace (never past the deadline) before the KILL.
 */
final class StopLadder {
    private static final Logger log = LoggerFactory.getLogger(StopLadder.class);

    private final StateDir files;
    private final ProcessTable table;

    StopLadder(StateDir files, ProcessTable table) {
        this.files = files;
        this.table = table;
    }

    /**
     * Stops {@code m}. Call with the id's lock held.
     *
     * @param t0    when the stop was asked for ({@link System#nanoTime()})
     * @param limit the {@link System#nanoTime()} by which the final KILL is sent, or {@link Long#MAX_VALUE}
     */
    StopResult stopLocked(Managed m, long t0, long limit) {
        m.expectingExit = true;
        files.recordStop(m);
        // Before the first signal only what the leader's death would hide (its descendants, which
        // are re-parented); the group and the marked escapees are looked up right after it.
        List<PinnedProcess> tree = new ArrayList<>(GroupKill.pinDescendants(m));
        boolean lookedUp = false;
        StopResult.Outcome outcome = null;
        long escapedUntil = -1;
        List<StopPolicy.Step> steps = m.stopPolicy.steps();
        for (int i = 0; i < steps.size() && outcome == null; i++) {
            if (m.exit.isDone()) {
                outcome = i == 0 ? StopResult.Outcome.ALREADY_STOPPED : StopResult.Outcome.ESCALATED;
                break;
            }
            StopPolicy.Step step = steps.get(i);
            long now = System.nanoTime();
            long grace = step.grace().toNanos();
            long rungEnd = grace > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + grace;
            if (step.group()) {
                GroupKill.sendToGroup(m, step.signal());
                GroupKill.signalEscaped(tree, step.signal());
                escapedUntil = rungEnd;
            } else {
                GroupKill.sendToLeader(m, step.signal());
            }
            if (!lookedUp) {
                // During the first rung's grace, not before its signal: at a stop-all this pass over
                // /proc (shared between the stops) would otherwise hold up every signal.
                List<PinnedProcess> more = GroupKill.pinGroupAndMarked(m, tree);
                lookedUp = true;
                if (step.group()) {
                    GroupKill.signalEscaped(more, step.signal());
                }
                tree.addAll(more);
            }
            long wait = Math.max(0, Math.min(rungEnd, limit) - System.nanoTime());
            if (m.awaitExit(Duration.ofNanos(wait))) {
                outcome = i == 0 ? StopResult.Outcome.GRACEFUL : StopResult.Outcome.ESCALATED;
            }
            if (System.nanoTime() >= limit) {
                break;
            }
        }
        if (!lookedUp) {
            tree.addAll(GroupKill.pinGroupAndMarked(m, tree));
        }
        if (outcome == null) {
            if (m.exit.isDone()) {
                outcome = StopResult.Outcome.ESCALATED;
            } else {
                GroupKill.sendToGroup(m, Signal.KILL);
                if (!m.awaitExit(GroupKill.KILL_WAIT)) {
                    throw new ProcessException(m.id, m.id + ": PID " + m.pid() + " did not die after KILL");
                }
                outcome = StopResult.Outcome.KILLED;
            }
        }
        if (GroupKill.escapedRunning(tree)) {
            if (escapedUntil < 0) {
                GroupKill.signalEscaped(tree, Signal.TERM);
                escapedUntil = System.nanoTime() + (steps.isEmpty() ? 0 : steps.getFirst().grace().toNanos());
            }
            GroupKill.awaitEscaped(tree, Math.min(escapedUntil, limit));
        }
        GroupKill.killLeftovers(m, tree);
        table.forget(m);
        ExitStatus status = m.exit.getNow(ExitStatus.unknown());
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        log.info("{}: stopped ({}, {}) in {} ms", m.id, outcome, status.describe(), took.toMillis());
        return new StopResult(m.id, outcome, status, took);
    }
}
