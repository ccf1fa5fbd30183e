package dev.stackyard.core.service.probe;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who holds a TCP port, as far as this user can see. {@code pid} and {@code program} are empty when
 * the holder is not visible (another user's process without root, another network namespace, or a
 * port that refused binding without a listening socket in {@code /proc/net}). The PID is a snapshot:
 * the process may have exited since.
 *
 * @param program the process name from {@code /proc/PID/comm} (at most 15 characters), or the
 *                executable's file name when that is unreadable
 */
public record PortHolder(int port, OptionalLong pid, Optional<String> program) {

    public PortHolder {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(program, "program");
    }

    /** One sentence for a person: {@code port 6379 is already in use by PID 1234 (redis-server)}. */
    public String message() {
        StringBuilder text = new StringBuilder("port ").append(port).append(" is already in use");
        if (pid.isPresent()) {
            text.append(" by PID ").append(pid.getAsLong());
            program.ifPresent(name -> text.append(" (").append(name).append(')'));
        }
        return text.toString();
    }
}
