package dev.stackyard.core.service.kind.postgres;

import dev.stackyard.core.process.OneShot;
import dev.stackyard.core.service.ServiceException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
 * The account postgres runs as when Stackyard runs as root (postgres refuses root): {@code postgres}
 * when that system account exists (Debian's package makes it), else {@code nobody}. Immutable.
 * Public so that the mariadb kind runs its server by the same rule (its one call site is
 * {@code MariaDbAccount}) until this becomes a shared account class.
 *
 * @param groups primary and supplementary group ids, as {@code setpriv --init-groups} will set them
 */
public record PostgresAccount(String name, int uid, int gid, Set<Integer> groups) {
    static final List<String> CANDIDATES = List.of("postgres", "nobody");
    private static final Pattern ID_OUTPUT = Pattern.compile("uid=(\\d+)\\([^)]*\\) gid=(\\d+)\\([^)]*\\)(?: groups=(.*))?");
    private static final Pattern GROUP = Pattern.compile("(\\d+)\\(");

    public PostgresAccount {
        groups = Set.copyOf(groups);
    }

    /** The first usable candidate account; a ServiceException saying what to do when there is none. */
    static PostgresAccount forRoot(String serviceId) {
        for (String candidate : CANDIDATES) {
            Optional<PostgresAccount> account = lookup(candidate);
            if (account.isPresent() && account.get().uid() != 0) {
                return account.get();
            }
        }
        throw new ServiceException(serviceId, serviceId + " cannot start: PostgreSQL refuses to run as root and"
                + " neither a 'postgres' nor a 'nobody' account exists to run it as; create one (apt install"
                + " postgresql-common makes 'postgres') or run Stackyard as an ordinary user");
    }

    /** The account called {@code name}, asked of {@code id(1)} so NSS (LDAP, sssd) is honoured. */
    public static Optional<PostgresAccount> lookup(String name) {
        try {
            OneShot.Result r = OneShot.of("id", name).timeout(Duration.ofSeconds(5)).run();
            return r.succeeded() ? parse(name, String.join("\n", r.output()).strip()) : Optional.empty();
        } catch (OneShot.Failed e) {
            return Optional.empty();
        }
    }

    /** Parses {@code uid=101(postgres) gid=104(postgres) groups=104(postgres),103(ssl-cert)}. */
    static Optional<PostgresAccount> parse(String name, String idOutput) {
        Matcher m = ID_OUTPUT.matcher(idOutput);
        if (!m.matches()) {
            return Optional.empty();
        }
        int gid = Integer.parseInt(m.group(2));
        Set<Integer> groups = new TreeSet<>(List.of(gid));
        if (m.group(3) != null) {
            Matcher g = GROUP.matcher(m.group(3));
            while (g.find()) {
                groups.add(Integer.parseInt(g.group(1)));
            }
        }
        return Optional.of(new PostgresAccount(name, Integer.parseInt(m.group(1)), gid, groups));
    }

    /** {@code argv} run as this account through setpriv, which execs (the PID stays the program's). */
    public List<String> wrap(String setpriv, List<String> argv) {
        List<String> out = new ArrayList<>(List.of(setpriv, "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"));
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

    @Override
    public String toString() {
        return name + " (uid " + uid + ")";
    }
}
