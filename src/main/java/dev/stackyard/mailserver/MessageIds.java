package dev.stackyard.mailserver;

import java.util.regex.Pattern;

/**
 * Message ids: 16 decimal digits, the receive time in microseconds since the epoch, made strictly
 * increasing (a second message in the same microsecond gets the next number). So ids sort by
 * arrival as strings, are unique across restarts (the store starts from the newest id it holds),
 * and are safe as file names and in URLs. Thread-safe.
 */
final class MessageIds {
    static final Pattern FORMAT = Pattern.compile("[0-9]{16}");

    private long last;

    MessageIds(String newestExisting) {
        last = newestExisting == null ? 0 : Long.parseLong(newestExisting);
    }

    synchronized String next(long epochMicros) {
        last = Math.max(last + 1, epochMicros);
        return String.format("%016d", last);
    }

    static boolean valid(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
