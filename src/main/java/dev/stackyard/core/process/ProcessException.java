package dev.stackyard.core.process;

/** Base of the process layer's errors; each names the process id it is about. */
public class ProcessException extends RuntimeException {
    private final String processId;

    public ProcessException(String processId, String message, Throwable cause) {
        super(message, cause);
        this.processId = processId;
    }

    public ProcessException(String processId, String message) {
        this(processId, message, null);
    }

    public String processId() {
        return processId;
    }
}
