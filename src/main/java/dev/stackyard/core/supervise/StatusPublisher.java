package dev.stackyard.core.supervise;

import dev.stackyard.core.service.ServiceState;
import dev.stackyard.core.supervise.SupervisionStatus.Health;

import java.nio.file.Path;

/**
 * Status publication: writes a service's {@link SupervisionStatus} into the run folder for other
 * front ends, only when it changed. Called on the supervisor's scheduler thread.
 */
final class StatusPublisher {
    private final Path runDir;

    StatusPublisher(Path runDir) {
        this.runDir = runDir;
    }

    /** Writes the service's supervision status for other front ends when it changed. */
    void publish(String id, SupervisionTrack t) {
        boolean waiting = t.last == ServiceState.BACKOFF || t.last == ServiceState.FATAL;
        SupervisionStatus status = new SupervisionStatus(t.last, t.restarts,
                t.last == ServiceState.RUNNING ? t.health : Health.UNKNOWN,
                t.last == ServiceState.BACKOFF ? t.nextRestartAt : null, waiting ? t.reason : null);
        if (!status.equals(t.published)) {
            t.published = status;
            status.write(runDir, id);
        }
    }
}
