package dev.stackyard.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * As root, Stackyard trusts only files and folders that no other account can change, as sshd's
 * StrictModes does: the Stackyard home (its config, data, run and logs folders), the config file,
 * and every folder above them must belong to root and be writable by neither group nor others.
 * Otherwise another account could swap a folder for a link that root then follows and chmods
 * through, or write a config whose {@code process} services root would run.
 *
 * <p>Each path is checked twice: as written, component by component without following links
 * (a link itself must belong to root), and by its real resolved path. A root-owned folder with the
 * sticky bit (such as /tmp) may be world-writable: others cannot rename or remove root's entries
 * in it. Paths that do not exist yet are checked up to their nearest existing folder (Stackyard
 * creates the rest, 0700, as root). Decided on owner and mode alone; stateless.
 */
public final class RootTrust {
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;

    private RootTrust() {
    }

    /** Raised when root is asked to trust a file another account can change; says what to change. */
    public static final class UntrustedException extends IOException {
        private final List<String> problems;

        UntrustedException(List<String> problems) {
            super("As root, Stackyard uses only files and folders that no other account can change (like sshd's"
                    + " StrictModes), and these can be: " + String.join("; ", problems)
                    + ". Fix them, or run Stackyard as the account that owns them.");
            this.problems = List.copyOf(problems);
        }

        /** One entry per path: what is wrong and the command that fixes it. */
        public List<String> problems() {
            return problems;
        }
    }

    /**
     * Checks {@code dirs} (the config file, the config, data, run and logs folders and all the
     * folders above them) when {@code uid} is 0; does nothing for other accounts.
     *
     * @throws UntrustedException naming each offending path and the {@code chown}/{@code chmod} that fixes it
     */
    public static void check(AppDirs dirs, int uid) throws IOException {
        if (uid != 0) {
            return;
        }
        check(List.of(dirs.configFile(), dirs.configDir(), dirs.dataDir(), dirs.runDir(), dirs.logDir()));
    }

    /** Checks {@code paths} and everything above them as described in the class comment. */
    static void check(List<Path> paths) throws IOException {
        Set<Path> seen = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (Path path : paths) {
            Path abs = path.toAbsolutePath().normalize();
            for (Path p = abs; p != null; p = p.getParent()) {
                inspect(p, seen, problems);
            }
            Path existing = abs;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing != null) {
                for (Path p = existing.toRealPath(); p != null; p = p.getParent()) {
                    inspect(p, seen, problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new UntrustedException(problems);
        }
    }

    private static void inspect(Path p, Set<Path> seen, List<String> problems) throws IOException {
        if (!seen.add(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        int owner = (Integer) a.get("uid");
        int mode = (Integer) a.get("mode");
        boolean link = Files.isSymbolicLink(p);
        if (owner != 0) {
            problems.add(p + (link ? " is a link" : "") + " owned by uid " + owner + " (chown "
                    + (link ? "-h " : "") + "root:root " + p + (link ? ", or replace the link" : "") + ")");
        }
        if (!link && (mode & GROUP_OR_OTHERS_WRITE) != 0 && !(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                && (mode & STICKY) != 0 && owner == 0)) {
            problems.add(p + " is writable by " + ((mode & 0020) != 0 ? "its group" : "")
                    + ((mode & 0022) == 0022 ? " and " : "") + ((mode & 0002) != 0 ? "others" : "")
                    + " (chmod go-w " + p + ")");
        }
    }
}
