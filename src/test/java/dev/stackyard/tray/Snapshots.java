package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Snapshots for the tray's table tests. */
final class Snapshots {
    private Snapshots() {
    }

    static ServiceSnapshot of(String id, ServiceState state) {
        return of(id, state, null, List.of());
    }

    static ServiceSnapshot of(String id, ServiceState state, String lastError, List<String> tail) {
        return new ServiceSnapshot(id, ServiceKind.named("redis"), "7.0", state, state == ServiceState.RUNNING ? 42L : null,
                6379, Path.of("/tmp/" + id + ".pid"), Path.of("/tmp/" + id + ".log"), null, lastError, tail, null,
                Instant.EPOCH);
    }
}
