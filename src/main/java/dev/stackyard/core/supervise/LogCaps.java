package dev.stackyard.core.supervise;

import dev.stackyard.core.logs.LogRotator;
import dev.stackyard.core.service.ServiceRegistry;
import dev.stackyard.core.service.SupervisionPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Caps the logs while supervising: the event log and each service's log rotate past their size. */
final class LogCaps {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    private LogCaps() {
    }

    /** Rotates every log of {@code registry}'s home that grew past its cap; failures are logged. */
    static void capLogs(ServiceRegistry registry) {
        // Appended to by every front end, which caps it too: this catches a file that grew meanwhile.
        EventLog.cap(registry.environment().logDir());
        for (String id : List.copyOf(registry.ids())) {
            registry.manager(id).ifPresent(m -> {
                SupervisionPolicy.Logs caps = m.definition().supervision().logs();
                try {
                    long moved = LogRotator.rotateIfLarger(m.logFile(), caps.maxSize(), caps.keep());
                    if (moved > 0) {
                        log.info("{}: rotated {} bytes of its log into {}.1", id, moved, m.logFile().getFileName());
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    log.warn("{}: cannot rotate {}: {}", id, m.logFile(), e.getMessage());
                }
            });
        }
    }
}
