package dev.stackyard.core.service;

import java.util.List;

/**
 * A service operation that failed, with a sentence for a person ({@link #getMessage()}) and the
 * detail behind it (log tail, command output).
 */
public class ServiceException extends RuntimeException {
    private final String serviceId;
    private final List<String> detail;

    public ServiceException(String serviceId, String message, List<String> detail, Throwable cause) {
        super(message, cause);
        this.serviceId = serviceId;
        this.detail = detail == null ? List.of() : List.copyOf(detail);
    }

    public ServiceException(String serviceId, String message) {
        this(serviceId, message, List.of(), null);
    }

    public String serviceId() {
        return serviceId;
    }

    /** Log tail or command output behind the message; may be empty. */
    public List<String> detail() {
        return detail;
    }
}
