package dev.stackyard.core.service.kind.mariadb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MariaDB's versions: a release series ("10.11", "11.4") is what a data folder is tied to, and a
 * data folder names the server that last set it up in {@code mysql_upgrade_info} (10.x) or
 * {@code mariadb_upgrade_info} (11.x), written by mariadb-install-db and mariadb-upgrade.
 * Pure apart from {@link #ofDataDir}.
 */
final class MariaDbVersions {
    static final List<String> MARKERS = List.of("mariadb_upgrade_info", "mysql_upgrade_info");
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    private MariaDbVersions() {
    }

    /** "10.11.19-MariaDB-0+deb12u1" → "10.11"; "11.4" → "11.4"; unparseable text comes back stripped. */
    static String series(String version) {
        Matcher m = VERSION.matcher(version.strip());
        return m.lookingAt() ? m.group(1) + "." + m.group(2) : version.strip();
    }

    /** "10.11.19-MariaDB" → "10.11.19". */
    static String exact(String version) {
        Matcher m = VERSION.matcher(version.strip());
        return m.lookingAt() ? m.group() : version.strip();
    }

    /** Numeric, part by part: "10.11" is newer than "10.6", "11.4" newer than "10.11". */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(i < x.length ? num(x[i]) : 0, i < y.length ? num(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The version a finished data folder was made by ("10.11.19-MariaDB"), or empty when it names none. */
    static Optional<String> ofDataDir(Path data) {
        for (String marker : MARKERS) {
            Path f = data.resolve(marker);
            try {
                if (Files.isRegularFile(f)) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).replace("\0", "").strip();
                    if (VERSION.matcher(text).lookingAt()) {
                        return Optional.of(text);
                    }
                }
            } catch (IOException e) {
                // Unreadable: treated as naming no version.
            }
        }
        return Optional.empty();
    }

    private static int num(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
