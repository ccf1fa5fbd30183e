package dev.stackyard.ui;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Objects;

/**
 * An error as a person sees it: one sentence saying what failed, one saying what to do, and the
 * detail (log lines, stack trace) kept one click away.
 *
 * @param summary what failed, one sentence
 * @param advice  what to do about it, one sentence (may be empty)
 * @param details log tail or stack trace, shown collapsed (may be empty)
 * @param cause   the exception behind it, or null; logged once by whoever finally handles it
 */
public record UserError(String summary, String advice, String details, Throwable cause) {

    public UserError {
        Objects.requireNonNull(summary, "summary");
        advice = advice == null ? "" : advice;
        details = details == null ? "" : details;
    }

    /** A failure whose detail is log lines (a failed start). */
    public static UserError withLog(String summary, String advice, List<String> logTail) {
        return new UserError(summary, advice, String.join(System.lineSeparator(), logTail), null);
    }

    /** A bug or an environment problem nobody anticipated: the stack trace is the detail. */
    public static UserError unexpected(String what, Throwable cause) {
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return new UserError(what + ": " + message,
                "Try again; if it keeps happening, report it with the details below.", stackTrace(cause), cause);
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
