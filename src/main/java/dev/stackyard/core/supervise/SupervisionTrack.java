package dev.stackyard.core.supervise;

import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.supervise.RestartDecisions.Streak;
import dev.stackyard.core.supervise.SupervisionStatus.Health;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * What the {@link Supervisor} knows of one service: its restart streak and pending restart, its
 * health probing, and the status last published. Touched only on the supervisor's scheduler
 * thread, so it needs no lock.
 */
final class SupervisionTrack {
    ServiceState last;
    Streak streak = Streak.NONE;
    int restarts;
    ScheduledFuture<?> pending;
    Instant nextRestartAt;
    /** When the service last went to BACKOFF or FATAL: older user intents are already dealt with. */
    Instant decidedAt;
    boolean restarting;
    boolean healthStopping;
    String healthDetail;
    Instant runningSince;
    ScheduledFuture<?> probeTimer;
    boolean probing;
    int healthFailures;
    Health health = Health.UNKNOWN;
    String reason;
    SupervisionStatus published;
}
