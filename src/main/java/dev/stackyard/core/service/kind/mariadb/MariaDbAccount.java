package dev.stackyard.core.service.kind.mariadb;

import dev.stackyard.core.service.ServiceException;
import dev.stackyard.core.service.ServiceAccount;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one place the mariadb kind meets the unprivileged-account mechanism ({@link ServiceAccount}):
 * as root, mariadbd and mariadb-install-db run as {@code mysql} (made as a system account when
 * missing, as Debian's mariadb-server would; never {@code nobody}, which other daemons share),
 * through {@code setpriv}, which execs in place (the PID stays the server's). Never root: mariadbd aborts as root without {@code --user}, and nothing runs as
 * root that does not need it. Immutable.
 */
final class MariaDbAccount {
    static final String ACCOUNT = "mysql";

    private final ServiceAccount account;
    private final String setpriv;

    private MariaDbAccount(ServiceAccount account, String setpriv) {
        this.account = account;
        this.setpriv = setpriv;
    }

    /** The account to run as, with setpriv found; a ServiceException saying what to do otherwise. */
    static MariaDbAccount forRoot(String id) {
        ServiceAccount found = ServiceAccount.forRootMaking(id, ACCOUNT, "mariadbd refuses to run as root");
        String setpriv = ServiceAccount.setpriv().orElseThrow(() -> new ServiceException(id, id + " cannot start: setpriv,"
                + " which Stackyard uses to run MariaDB as " + found.name() + " instead of root, is missing; install util-linux"));
        return new MariaDbAccount(found, setpriv);
    }

    /** Who would run the server as root; never throws (explaining a failure must not fail). */
    static String nameForRoot() {
        return ACCOUNT;
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

    /** For the shared folder rules ({@link dev.stackyard.core.service.AccountFolders}). */
    ServiceAccount serviceAccount() {
        return account;
    }

    boolean owns(Path path) throws IOException {
        return account.owns(path);
    }
}
