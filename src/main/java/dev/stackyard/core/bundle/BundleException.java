package dev.stackyard.core.bundle;

import java.io.IOException;

/**
 * An install, uninstall or repository read that failed; the message is one sentence for a person
 * (what failed and what to do). Nothing the failed operation made is left on disk.
 */
public class BundleException extends IOException {
    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
