package dev.stackyard.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code stackyard.yaml} is not valid, or an edit of it was refused; the file named here was left as it was.
 *
 * <p>Checked on purpose: a broken config is an expected outcome caused by the person editing it, not a
 * bug, and every front end (window, CLI) must decide how to show the problems. The compiler makes sure
 * each one does. Plain I/O failures stay {@link java.io.IOException}s.
 *
 * <p>The message is a headline followed by every problem, one per line, in file order.
 */
public final class ConfigException extends Exception {

    private final transient Path file;
    private final List<ConfigProblem> problems;

    /**
     * @param file     the config file the problems are about
     * @param headline the first line of the message, e.g. "/home/me/.config/stackyard/stackyard.yaml is not valid:"
     * @param problems at least one
     */
    public ConfigException(Path file, String headline, List<ConfigProblem> problems) {
        super(message(file, headline, problems));
        this.file = file;
        this.problems = List.copyOf(problems);
        if (this.problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
    }

    /** Problems found in {@code file} as it is on disk. */
    public ConfigException(Path file, List<ConfigProblem> problems) {
        this(file, file + " is not valid:", problems);
    }

    public Path file() {
        return file;
    }

    /** Every problem, in file order; never empty. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(Path file, String headline, List<ConfigProblem> problems) {
        Objects.requireNonNull(file, "file");
        String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        StringBuilder out = new StringBuilder(headline);
        for (ConfigProblem problem : problems) {
            out.append(System.lineSeparator()).append(problem.format(fileName));
        }
        return out.toString();
    }
}
