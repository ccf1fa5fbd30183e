package dev.stackyard.core.site;

import java.util.List;

/**
 * A site operation that failed, with a sentence for a person (naming the site when one is to
 * blame) and, as detail, what nginx or openssl said.
 */
public final class SiteException extends RuntimeException {
    private final List<String> detail;

    public SiteException(String message) {
        this(message, List.of());
    }

    public SiteException(String message, List<String> detail) {
        super(message);
        this.detail = List.copyOf(detail);
    }

    /** Lines of output behind the message; empty when there are none. */
    public List<String> detail() {
        return detail;
    }
}
