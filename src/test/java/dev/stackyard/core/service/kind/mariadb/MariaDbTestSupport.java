package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.testing.Daemons;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real mariadb client (Debian's mariadb-client-core), run over TCP with a password. */
final class MariaDbTestSupport {
    private MariaDbTestSupport() {
    }

    record Result(int exit, String output) {
    }

    static Path client() {
        return Daemons.requireExecutable(Path.of("/usr/bin/mariadb"), "the mariadb client (apt install mariadb-client-core)");
    }

    /** Runs {@code sql} as {@code user} over 127.0.0.1:{@code port}; {@code password} null sends none. */
    static Result query(int port, String user, String password, String sql) {
        List<String> argv = new ArrayList<>(List.of(client().toString(), "--no-defaults", "--protocol=TCP",
                "-h", "127.0.0.1", "-P", Integer.toString(port), "-u", user, "--connect-timeout=10", "-N", "-B"));
        if (password != null) {
            argv.add("-p" + password);
        }
        argv.addAll(List.of("-e", sql));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).directory(new File("/"))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
            }
            return new Result(p.exitValue(), out.strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer of {@code sql} as root with {@code password}; fails on an error. */
    static String answer(int port, String password, String sql) {
        Result r = query(port, "root", password, sql);
        if (r.exit() != 0) {
            throw new AssertionError("mariadb client failed (exit " + r.exit() + "): " + r.output());
        }
        return r.output();
    }
}
