package dev.stackyard.core.supervise;

import dev.stackyard.core.process.ExitStatus;
import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.service.SupervisionPolicy.Backoff;

import java.time.Duration;
import java.time.Instant;

/**
 * What a supervisor does after a failure: restart after a delay, give up (FATAL), or leave the
 * service as it is. Pure functions of the policy, the failures so far and this failure; no clock,
 * no state (tested as tables in {@code RestartDecisionsTest}).
 */
public final class RestartDecisions {
    private RestartDecisions() {
    }

    /** What went wrong. */
    public enum Cause {
        /** The running process exited without being asked to. */
        EXIT,
        /** A start made by the supervisor did not reach ready. */
        START_FAILED,
        /** The health check failed {@code health.failures} times in a row; the service was stopped. */
        HEALTH
    }

    /**
     * One failure.
     *
     * @param at     when it happened
     * @param cause  what happened
     * @param exit   the exit status (EXIT; START_FAILED when the process exited), or null when unknown
     * @param ranFor how long the service had been RUNNING before it (null when it never was)
     * @param detail one sentence for a person ("redis stopped unexpectedly (exit code 1)")
     */
    public record Failure(Instant at, Cause cause, ExitStatus exit, Duration ranFor, String detail) {
    }

    /**
     * The failures in a row so far, without a reset: how many and when the first was. {@link #NONE}
     * after a user start or a long enough RUNNING.
     */
    public record Streak(int failures, Instant firstAt) {
        public static final Streak NONE = new Streak(0, null);
    }

    /** The verdict, carrying the streak that includes this failure. */
    public sealed interface Decision {
        Streak streak();
    }

    /** Start again after {@code delay}; this is restart number {@code attempt} of {@code max}. */
    public record Restart(Duration delay, int attempt, int max, Streak streak) implements Decision {
    }

    /** Give up: state FATAL with {@code reason}. */
    public record Fatal(String reason, Streak streak) implements Decision {
    }

    /** Leave it as the registry left it (FAILED, or STOPPED after a health stop). */
    public record Stay(String why, Streak streak) implements Decision {
    }

    /** Whether an unexpected exit with {@code exit} is one that {@code mode} restarts. */
    public static boolean restartsAfter(SupervisionPolicy.Restart mode, ExitStatus exit) {
        return switch (mode) {
            case NEVER -> false;
            case ALWAYS -> true;
            // An unknown status (an adopted process) may well have been a crash: restart.
            case ON_FAILURE -> exit == null || exit.code() == null || exit.code() != 0;
        };
    }

    /** The delay before restart number {@code attempt} (1-based): initial doubled each time, at most max. */
    public static Duration delay(Backoff backoff, int attempt) {
        Duration d = backoff.initial();
        for (int i = 1; i < attempt && d.compareTo(backoff.max()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(backoff.max()) > 0 ? backoff.max() : d;
    }

    /** Whether a service that ran for {@code ranFor} before failing starts a new streak. */
    public static boolean resets(Backoff backoff, Duration ranFor) {
        return ranFor != null && ranFor.compareTo(backoff.resetAfter()) >= 0;
    }

    /**
     * The decision after {@code failure}, given the streak before it. {@code maxRestarts} is the
     * number of restarts allowed in a row: the failure after the last of them is FATAL.
     */
    public static Decision afterFailure(SupervisionPolicy policy, Streak before, Failure failure) {
        Streak prior = resets(policy.backoff(), failure.ranFor()) ? Streak.NONE : before;
        Streak streak = new Streak(prior.failures() + 1, prior.firstAt() == null ? failure.at() : prior.firstAt());
        if (policy.restart() == SupervisionPolicy.Restart.NEVER) {
            return new Stay("restart: never", streak);
        }
        if (failure.cause() == Cause.EXIT && !restartsAfter(policy.restart(), failure.exit())) {
            return new Stay("exited cleanly and restart is on-failure", streak);
        }
        if (streak.failures() > policy.maxRestarts()) {
            return new Fatal(fatalReason(streak, failure), streak);
        }
        return new Restart(delay(policy.backoff(), streak.failures()), streak.failures(), policy.maxRestarts(), streak);
    }

    /** "crash loop: exited 6 times in 31 s, last exit code 1", or the health / start failure said plainly. */
    static String fatalReason(Streak streak, Failure failure) {
        long seconds = Duration.between(streak.firstAt(), failure.at()).toSeconds();
        String span = streak.failures() == 1 ? "" : " in " + seconds + " s";
        return switch (failure.cause()) {
            case EXIT -> "crash loop: exited " + streak.failures() + " times" + span + ", last "
                    + (failure.exit() == null ? "exit status unknown" : failure.exit().describe());
            case START_FAILED -> "crash loop: failed " + streak.failures() + " times" + span + "; last: " + failure.detail();
            case HEALTH -> "gave up after " + streak.failures() + " failures" + span + "; last: " + failure.detail();
        };
    }
}
