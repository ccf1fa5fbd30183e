package dev.stackyard.core.service;

import dev.stackyard.core.process.OneShot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unprivileged account a daemon runs as when Stackyard runs as root: postgres (which refuses
 * root), nginx's workers and php-fpm's pools (which must not run a project's code as root). Always a
 * dedicated or standard account of the kind ({@code postgres}, {@code www-data}), never root and
 * never one that unrelated daemons share ({@code nobody}, {@code daemon}): whatever the daemon can
 * reach, those could reach too. Immutable.
 *
 * <p>A kind calls {@link #forRoot} for its account and {@link #prepareFolder} for each folder the
 * daemon must own (a data folder, a socket folder); {@link #wrap} runs a program as the account.
 *
 * @param group  the primary group's name (nginx's {@code user} and php-fpm's {@code group} take names)
 * @param groups primary and supplementary group ids, as {@code setpriv --init-groups} will set them
 */
public record ServiceAccount(String name, int uid, int gid, String group, Set<Integer> groups) {
    /** Accounts other daemons share, never used to run a service. */
    public static final Set<String> SHARED = Set.of("nobody", "nogroup", "daemon", "bin", "sys");
    /** The overflow uid (nobody) on Linux. */
    static final int OVERFLOW_UID = 65534;
    private static final Pattern ID_OUTPUT = Pattern.compile("uid=(\\d+)\\([^)]*\\) gid=(\\d+)\\(([^)]*)\\)(?: groups=(.*))?");
    private static final Pattern GROUP = Pattern.compile("(\\d+)\\(");

    public ServiceAccount {
        groups = Set.copyOf(groups);
    }

    /**
     * The account to run {@code serviceId}'s daemon as when Stackyard is root: the first of
     * {@code candidates} that exists, is not root and is not {@linkplain #SHARED shared}. A
     * ServiceException saying what to do when there is none.
     *
     * @param why what needs the account, for the message ("PostgreSQL refuses to run as root")
     */
    public static ServiceAccount forRoot(String serviceId, List<String> candidates, String why) {
        for (String candidate : candidates) {
            Optional<ServiceAccount> account = lookup(candidate).filter(ServiceAccount::usable);
            if (account.isPresent()) {
                return account.get();
            }
        }
        throw new ServiceException(serviceId, serviceId + " cannot start as root: " + why + ", and no "
                + String.join(" or ", candidates.stream().map(c -> "'" + c + "'").toList())
                + " account exists to run it as (Stackyard never uses an account other daemons share, such as"
                + " nobody); create one (e.g. useradd --system --no-create-home " + candidates.getFirst()
                + ") or run Stackyard as an ordinary user");
    }

    /**
     * The dedicated account {@code name} to run {@code serviceId}'s daemon as when Stackyard is root,
     * made as a system account (no home, no login shell, its own group) when it does not exist yet —
     * the account the distribution's server package would have made (Debian's {@code mysql} comes
     * with {@code mariadb-server}, not with {@code mariadb-server-core}). A ServiceException saying
     * what to do when it can neither be found nor made.
     *
     * @param why what needs the account, for the message ("mariadbd refuses to run as root")
     */
    public static ServiceAccount forRootMaking(String serviceId, String name, String why) {
        Optional<ServiceAccount> found = lookup(name).filter(ServiceAccount::usable);
        if (found.isPresent()) {
            return found.get();
        }
        try {
            OneShot.of("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
                    "--shell", "/usr/sbin/nologin", "--comment", "Stackyard " + name, name)
                    .timeout(Duration.ofSeconds(20)).run();
        } catch (OneShot.Failed e) {
            // Explained below: the look-up still finds nothing.
        }
        return forRoot(serviceId, List.of(name), why);
    }

    /**
     * The {@code setpriv} program (util-linux) that {@link #wrap} runs through, from the system's
     * folders only (never a PATH Stackyard inherited); empty when missing, each kind saying so in
     * its own words.
     */
    public static Optional<String> setpriv() {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, "setpriv");
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    /** Not root and not an account other daemons share. */
    public boolean usable() {
        return uid != 0 && uid != OVERFLOW_UID && !SHARED.contains(name);
    }

    /** The account called {@code name}, asked of {@code id(1)} so NSS (LDAP, sssd) is honoured. */
    public static Optional<ServiceAccount> lookup(String name) {
        try {
            OneShot.Result r = OneShot.of("id", name).timeout(Duration.ofSeconds(5)).run();
            return r.succeeded() ? parse(name, String.join("\n", r.output()).strip()) : Optional.empty();
        } catch (OneShot.Failed e) {
            return Optional.empty();
        }
    }

    /** Parses {@code uid=101(postgres) gid=104(postgres) groups=104(postgres),103(ssl-cert)}. */
    public static Optional<ServiceAccount> parse(String name, String idOutput) {
        Matcher m = ID_OUTPUT.matcher(idOutput);
        if (!m.matches()) {
            return Optional.empty();
        }
        int gid = Integer.parseInt(m.group(2));
        Set<Integer> groups = new TreeSet<>(List.of(gid));
        if (m.group(4) != null) {
            Matcher g = GROUP.matcher(m.group(4));
            while (g.find()) {
                groups.add(Integer.parseInt(g.group(1)));
            }
        }
        return Optional.of(new ServiceAccount(name, Integer.parseInt(m.group(1)), gid, m.group(3), groups));
    }

    /**
     * {@code argv} run as this account through setpriv, which execs (the PID stays the program's):
     * no capabilities left in any set, no way to regain privileges ({@code --no-new-privs}: no
     * setuid program helps), and a minimal environment (the account's HOME, USER, SHELL, a plain
     * PATH) instead of Stackyard's, which may hold tokens and agent sockets.
     */
    public List<String> wrap(String setpriv, List<String> argv) {
        List<String> out = new ArrayList<>(List.of(setpriv, "--reuid=" + uid, "--regid=" + gid, "--init-groups",
                "--no-new-privs", "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all", "--reset-env", "--"));
        out.addAll(argv);
        return out;
    }

    /** Whether this account may enter {@code dir} (search permission), judged like the kernel does. */
    public boolean canTraverse(Path dir) throws IOException {
        Map<String, Object> a = Files.readAttributes(dir, "unix:uid,gid,mode");
        int mode = (Integer) a.get("mode");
        if ((Integer) a.get("uid") == uid) {
            return (mode & 0100) != 0;
        }
        if (groups.contains((Integer) a.get("gid"))) {
            return (mode & 0010) != 0;
        }
        return (mode & 0001) != 0;
    }

    /** Whether {@code path} (not following a link) belongs to this account. */
    public boolean owns(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) == uid;
    }

    /** Gives {@code path} (never following a link) to this account and its primary group. */
    public void chown(Path path) {
        try {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to " + name, e);
        }
    }

    /**
     * Creates {@code dir} when missing (mode 0700) and gives it, never following a link, to this
     * account: a folder the daemon writes (data, sockets, temp files). Its parent must be ours.
     */
    public Path prepareFolder(Path dir) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            chown(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + " for " + name, e);
        }
    }

    @Override
    public String toString() {
        return name + " (uid " + uid + ")";
    }
}
