package dev.stackyard.core.process;

import java.util.List;
import java.util.Optional;

/**
 * A start that did not reach "ready". Nothing it spawned is left running and its PID and state
 * files are gone when this is thrown.
 */
public class StartFailedException extends ProcessException {

    public enum Reason {
        /** The command could not be executed at all (missing binary, bad working folder). */
        SPAWN_FAILED,
        /** The process exited before it became ready. */
        EXITED_BEFORE_READY,
        /** The readiness deadline passed. */
        NOT_READY_IN_TIME,
        /** The readiness check itself failed (threw something other than "not ready"): a bug, not a slow start. */
        CHECK_FAILED
    }

    private final Reason reason;
    private final transient ExitStatus status;
    private final List<String> command;
    private final List<String> logTail;

    public StartFailedException(String processId, Reason reason, String message, ExitStatus status,
                                List<String> command, List<String> logTail, Throwable cause) {
        super(processId, message, cause);
        this.reason = reason;
        this.status = status;
        this.command = List.copyOf(command);
        this.logTail = List.copyOf(logTail);
    }

    public Reason reason() {
        return reason;
    }

    /** The exit status when the process exited before ready. */
    public Optional<ExitStatus> status() {
        return Optional.ofNullable(status);
    }

    public List<String> command() {
        return command;
    }

    /** The last lines of the process's log (at most 20). */
    public List<String> logTail() {
        return logTail;
    }
}
