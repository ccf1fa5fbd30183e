package dev.stackyard.core.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands that make browsers trust the local CA, through the user's own NSS databases: the
 * shared one Chrome and Chromium read ({@code ~/.pki/nssdb}, made when missing) and each Firefox
 * profile's (classic and snap). The system trust store is never touched. {@code certutil} comes
 * with {@code libnss3-tools}.
 */
public final class TrustCommands {
    /** The nickname the CA is stored under. */
    public static final String NICKNAME = "Stackyard local CA";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private TrustCommands() {
    }

    /** The argv lists, in order, that add {@code caCertificate} to {@code home}'s NSS databases. */
    public static List<List<String>> commands(Path home, Path caCertificate) {
        List<List<String>> out = new ArrayList<>();
        Path shared = home.resolve(".pki/nssdb");
        if (!Files.exists(shared.resolve("cert9.db"))) {
            out.add(List.of("mkdir", "-p", shared.toString()));
            out.add(List.of("certutil", "-d", "sql:" + shared, "-N", "--empty-password"));
        }
        out.add(add(shared, caCertificate));
        for (Path profiles : List.of(home.resolve(".mozilla/firefox"), home.resolve("snap/firefox/common/.mozilla/firefox"))) {
            for (Path profile : profilesIn(profiles)) {
                out.add(add(profile, caCertificate));
            }
        }
        return out;
    }

    /** Runs {@code commands} in order; stops at the first that fails. */
    public static void run(List<List<String>> commands, Path workDir) {
        for (List<String> argv : commands) {
            OneShotCommand.Result r = OneShotCommand.run(argv, workDir, TIMEOUT);
            if (!r.ok()) {
                throw new SiteException(String.join(" ", argv) + " failed (exit " + r.exitCode() + ")", r.output());
            }
        }
    }

    /** A command as a shell line, for printing. */
    public static String shellLine(List<String> argv) {
        return String.join(" ", argv.stream().map(a -> a.matches("[A-Za-z0-9_./:,=@+-]+") ? a
                : "'" + a.replace("'", "'\\''") + "'").toList());
    }

    private static List<String> add(Path db, Path ca) {
        return List.of("certutil", "-d", "sql:" + db, "-A", "-t", "C,,", "-n", NICKNAME, "-i", ca.toString());
    }

    private static List<Path> profilesIn(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (Files.exists(p.resolve("cert9.db"))) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        out.sort(null);
        return out;
    }
}
