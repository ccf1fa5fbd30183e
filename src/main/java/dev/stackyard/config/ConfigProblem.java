package dev.stackyard.config;

import java.util.Objects;

/**
 * One thing wrong with {@code stackyard.yaml}, said the way a person should read it.
 *
 * @param path    where in the document: {@code services[3].port}, {@code services[1]}, or {@code ""}
 *                for the document as a whole (a syntax error)
 * @param line    1-based line in the file the problem was found in, or 0 when no line applies
 * @param message what is wrong, without the path; never blank
 */
public record ConfigProblem(String path, int line, String message) {

    /** The file name used by {@link #toString()}; {@link #format(String)} takes the real one. */
    public static final String DEFAULT_FILE_NAME = "stackyard.yaml";

    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0: " + line);
        }
    }

    /** {@code <fileName>:12: services[3].port: 70000 is out of range 1..65535}, leaving out an absent line or path. */
    public String format(String fileName) {
        StringBuilder out = new StringBuilder(fileName);
        if (line > 0) {
            out.append(':').append(line);
        }
        out.append(": ");
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }

    /** Like {@link #format(String)} with {@value #DEFAULT_FILE_NAME}. */
    @Override
    public String toString() {
        return format(DEFAULT_FILE_NAME);
    }
}
