package dev.stackyard.core.service;

import java.util.Optional;

/**
 * The command PHP's {@code sendmail_path} runs to hand a message to Stackyard's mail service
 * ({@code LAUNCHER sendmail -t --port PORT}), as a shell command line (PHP runs it through
 * {@code /bin/sh -c}; php-fpm puts its prefix before one that does not start with '/'). Everything it needs is on the line: php-fpm runs with {@code clear_env} and,
 * as root, as the web account, which can read neither Stackyard's environment nor its config.
 * Asked at every php-fpm start; implementations are thread-safe.
 */
@FunctionalInterface
public interface Sendmail {
    /** Stackyard's launcher is not known (tests of the engine alone): php-fpm keeps PHP's own default. */
    Sendmail NONE = Optional::empty;

    /** The command line, or empty when Stackyard cannot name its own launcher. */
    Optional<String> commandLine();
}
