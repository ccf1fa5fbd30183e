package dev.stackyard.core.supervise;

import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A service as a front end that does not supervise (a CLI call) shows it: its own registry's
 * snapshot, with what the supervising process knows laid over it. BACKOFF and FATAL exist only in
 * the supervisor; this process sees such a service as not running (FAILED or STOPPED), so while the
 * home is supervised and the service is not running here, the supervisor's state and reason win.
 *
 * @param state         the state to show
 * @param lastError     the reason to show (the supervisor's in BACKOFF/FATAL)
 * @param restarts      restarts by the supervisor since the last user start (0 when unsupervised)
 * @param health        health while RUNNING under a supervisor, else UNKNOWN
 * @param nextRestartAt in BACKOFF, when the next start is due; else null
 */
public record SupervisedView(ServiceState state, String lastError, int restarts, SupervisionStatus.Health health,
                             Instant nextRestartAt) {

    /** The view of {@code s}; {@code supervised} from {@link HomeLock#supervised}. */
    public static SupervisedView of(ServiceSnapshot s, Path runDir, boolean supervised) {
        Optional<SupervisionStatus> status = supervised ? SupervisionStatus.read(runDir, s.id()) : Optional.empty();
        return of(s, status.orElse(null));
    }

    /** Pure: {@code status} is the supervisor's record, or null when none or not supervised. */
    public static SupervisedView of(ServiceSnapshot s, SupervisionStatus status) {
        if (status == null) {
            return new SupervisedView(s.state(), s.lastError(), 0, SupervisionStatus.Health.UNKNOWN, s.nextRestartAt());
        }
        boolean idleHere = !s.state().isActive() && s.state() != ServiceState.NOT_INSTALLED;
        boolean waiting = status.state() == ServiceState.BACKOFF || status.state() == ServiceState.FATAL;
        if (idleHere && waiting) {
            return new SupervisedView(status.state(), status.reason(), status.restarts(), SupervisionStatus.Health.UNKNOWN,
                    status.state() == ServiceState.BACKOFF ? status.nextRestartAt() : null);
        }
        SupervisionStatus.Health health = s.state() == ServiceState.RUNNING && status.state() == ServiceState.RUNNING
                ? status.health() : SupervisionStatus.Health.UNKNOWN;
        return new SupervisedView(s.state(), s.lastError(), status.restarts(), health, null);
    }
}
