package dev.stackyard.core.service.kind.mail;

import dev.stackyard.core.service.ServiceAccount;
import dev.stackyard.core.service.ServiceException;

import java.util.List;

/**
 * The mail kind's use of the unprivileged-account mechanism ({@link ServiceAccount}): as root the
 * server runs as {@code stackyard-mail}, an account of its own made as a system account when
 * missing (no home, no shell). It needs no privilege (its ports are above 1024), and it parses
 * whatever any local program sends it: its own account keeps a fault in that code away from
 * everything else, and the mail away from other services' accounts (www-data runs the projects'
 * PHP; {@code nobody} is shared by unrelated daemons and never used). Through {@code setpriv},
 * which execs in place, so the PID stays the server's.
 */
record MailAccount(ServiceAccount account, String setpriv) {
    static final String NAME = "stackyard-mail";

    static MailAccount forRoot(String id) {
        ServiceAccount found = ServiceAccount.forRootMaking(id, NAME, "the mail catcher needs no privilege");
        String setpriv = ServiceAccount.setpriv().orElseThrow(() -> new ServiceException(id, id + " cannot start: setpriv,"
                + " which Stackyard uses to run the mail catcher as " + found.name() + " instead of root, is missing; install util-linux"));
        return new MailAccount(found, setpriv);
    }

    List<String> wrap(List<String> argv) {
        return account.wrap(setpriv, argv);
    }
}
