package dev.stackyard.usecase;

import java.io.IOException;

/**
 * Why a mail command could not be done, as one sentence for a person: no mail service, one that
 * is not running or does not answer, a message that is not there.
 */
public class MailException extends IOException {
    public MailException(String message, Throwable cause) {
        super(message, cause);
    }

    public MailException(String message) {
        super(message);
    }

    /** The message (or part) asked for is not there. */
    public static final class NotFound extends MailException {
        public NotFound(String message) {
            super(message);
        }
    }
}
