package dev.stackyard.core.supervise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackyard.core.json.JsonText;
import dev.stackyard.core.process.PrivateFiles;
import dev.stackyard.core.service.ServiceEnvironment;
import dev.stackyard.core.service.ServiceState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What the supervisor knows about one service beyond its state, for front ends in other JVMs
 * ({@code status --json}): kept in {@code RUN/.records/ID/supervision.json} (a folder only Stackyard's owner
 * writes, never a service's own run folder, which as root may belong to the postgres account), replaced atomically by the
 * supervising process on every change. Only meaningful while the home is supervised
 * ({@link HomeLock#supervised}); a file left by a supervisor that has gone is ignored.
 *
 * @param state         the state in the supervising process (BACKOFF and FATAL live only there)
 * @param restarts      restarts by the supervisor since the last user start
 * @param health        the latest health verdict
 * @param nextRestartAt in BACKOFF: when the next start is due; else null
 * @param reason        why it is in BACKOFF or FATAL, else null
 */
public record SupervisionStatus(ServiceState state, int restarts, Health health, Instant nextRestartAt, String reason) {
    private static final Logger log = LoggerFactory.getLogger(SupervisionStatus.class);

    /** {@code ok}, {@code failing} or {@code unknown} (not running, no probe, or not checked yet). */
    public enum Health {
        OK, FAILING, UNKNOWN;

        public String jsonName() {
            return name().toLowerCase();
        }
    }

    public static Path file(Path runDir, String id) {
        return ServiceEnvironment.recordFolder(runDir, id).resolve("supervision.json");
    }

    /** Writes this status for {@code id}; failures are logged (the status is advisory). */
    public void write(Path runDir, String id) {
        ObjectNode o = JsonText.object();
        o.put("state", state.name());
        o.put("restarts", restarts);
        o.put("health", health.jsonName());
        o.put("nextRestartAt", nextRestartAt == null ? null : nextRestartAt.toString());
        o.put("reason", reason);
        Path target = file(runDir, id);
        try {
            PrivateFiles.writeAtomically(target, JsonText.compact(o));
        } catch (IOException e) {
            log.warn("{}: cannot write {}: {}", id, target, e.getMessage());
        }
    }

    /** The status last written for {@code id}, or empty when none (or unreadable). */
    public static Optional<SupervisionStatus> read(Path runDir, String id) {
        try {
            JsonNode o = JsonText.parse(Files.readString(file(runDir, id), StandardCharsets.UTF_8));
            String next = o.path("nextRestartAt").isNull() ? null : o.path("nextRestartAt").asText(null);
            String reason = o.path("reason").isNull() ? null : o.path("reason").asText(null);
            return Optional.of(new SupervisionStatus(ServiceState.valueOf(o.path("state").asText()),
                    o.path("restarts").asInt(), Health.valueOf(o.path("health").asText("unknown").toUpperCase()),
                    next == null ? null : Instant.parse(next), reason));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
