package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.kind.postgres.PostgresAccount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one place the mariadb kind meets the unprivileged-account mechanism (today postgres's
 * {@link PostgresAccount}): as root, mariadbd and mariadb-install-db run as {@code mysql} when that
 * account exists, else {@code nobody}, through {@code setpriv}, which execs in place (the PID stays
 * the server's). Never root: mariadbd aborts as root without {@code --user}, and nothing runs as
 * root that does not need it. Immutable.
 */
final class MariaDbAccount {
    static final List<String> CANDIDATES = List.of("mysql", "nobody");

    private final PostgresAccount account;
    private final String setpriv;

    private MariaDbAccount(PostgresAccount account, String setpriv) {
        this.account = account;
        this.setpriv = setpriv;
    }

    /** The account to run as, with setpriv found; a ServiceException saying what to do otherwise. */
    static MariaDbAccount forRoot(String id) {
        Optional<PostgresAccount> found = CANDIDATES.stream().flatMap(n -> PostgresAccount.lookup(n).stream())
                .filter(a -> a.uid() != 0).findFirst();
        if (found.isEmpty()) {
            throw new ServiceException(id, id + " cannot start: Stackyard runs MariaDB as an unprivileged account when it"
                    + " runs as root, and neither a 'mysql' nor a 'nobody' account exists; create one or run Stackyard as"
                    + " an ordinary user");
        }
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(dir, "setpriv");
            if (Files.isExecutable(p)) {
                return new MariaDbAccount(found.get(), p.toString());
            }
        }
        throw new ServiceException(id, id + " cannot start: setpriv, which Stackyard uses to run MariaDB as "
                + found.get().name() + " instead of root, is missing; install util-linux");
    }

    /** Who would run the server as root; never throws (explaining a failure must not fail). */
    static String nameForRoot() {
        return CANDIDATES.stream().flatMap(n -> PostgresAccount.lookup(n).stream()).filter(a -> a.uid() != 0)
                .map(PostgresAccount::name).findFirst().orElse("no usable account");
    }

    String name() {
        return account.name();
    }

    List<String> wrap(List<String> argv) {
        return account.wrap(setpriv, argv);
    }

    void chown(Path path) {
        account.chown(path);
    }

    boolean canTraverse(Path dir) throws IOException {
        return account.canTraverse(dir);
    }

    boolean owns(Path path) throws IOException {
        return account.owns(path);
    }
}
