package dev.stackyard.testing;

import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * How tests find the real daemons: through the same {@code bundles/} manifests as the app
 * ({@link Installations}), never by hard-coded paths. A missing daemon skips the test on a
 * developer's machine, but FAILS it, naming the daemon, when {@code CI=true} is in the environment:
 * CI installs every daemon, so a missing one there is a broken machine, not a reason to pass.
 */
public final class Daemons {
    private static final Installations INSTALLATIONS =
            Installations.load(Path.of(System.getProperty("java.io.tmpdir"), "stackyard-tests-have-no-user-bundles"));

    private Daemons() {
    }

    /** The newest installed version of {@code kind}; skips (or, on CI, fails) the test when there is none. */
    public static Installation require(ServiceKind kind) {
        Optional<Installation> found = INSTALLATIONS.resolve(kind, null);
        if (found.isEmpty()) {
            missing(kind.configName() + " (install it with: " + INSTALLATIONS.installHint(kind) + ")");
        }
        return found.orElseThrow();
    }

    /** The installed binary of {@code kind}, as {@link #require} finds it. */
    public static Path binary(ServiceKind kind) {
        return require(kind).binary();
    }

    /** A program beside {@code kind}'s binary ({@code initdb}, {@code psql} for postgres), required like the kind. */
    public static Path sibling(ServiceKind kind, String program) {
        Path p = require(kind).sibling(program);
        requireExecutable(p, program + " of " + kind.configName());
        return p;
    }

    /** Any other program a test needs ({@code setpriv}); skips, or on CI fails, when it is not executable. */
    public static Path requireExecutable(Path program, String what) {
        if (!Files.isExecutable(program)) {
            missing(what + " (" + program + ")");
        }
        return program;
    }

    /** True when {@code CI=true} is in the environment. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static void missing(String what) {
        if (onCi()) {
            fail("CI=true but " + what + " is missing: CI must install every daemon the tests use");
        }
        assumeTrue(false, what + " is not installed");
    }
}
