package dev.stackyard.core.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * Who runs nginx's workers and php-fpm's pools when Stackyard runs as root: the standard web account
 * ({@code www-data} on Debian, {@code http} on Arch, {@code nginx} elsewhere), never root (whoever
 * can write a served folder would run code as root) and never {@code nobody}. The masters stay root
 * (they bind, read the config and the TLS keys, write the logs). As an ordinary user everything runs
 * as that user and nothing here applies.
 */
public final class WebAccount {
    public static final List<String> CANDIDATES = List.of("www-data", "http", "nginx");
    static final String WHY = "nginx's workers and php-fpm's pools must not run the sites' code as root";
    /** The web account, once {@link #unreachable} has found it. */
    private static volatile ServiceAccount known;

    private WebAccount() {
    }

    /** The account when Stackyard is root; empty otherwise. A ServiceException when root has none to use. */
    public static Optional<ServiceAccount> forRoot(String serviceId) {
        return ServiceEnvironment.runningAsRoot()
                ? Optional.of(ServiceAccount.forRoot(serviceId, CANDIDATES, WHY)) : Optional.empty();
    }

    /**
     * Makes sure {@code account} can pass through every folder above {@code target} (and into it):
     * Stackyard's own folders (its data and run folders, the STACKYARD_HOME holding them and the
     * root base, see {@link RootBase}) get search permission for everyone (0711: passing through to
     * names one knows, without listing), any other folder (such as /root) is never changed: the
     * start fails naming it and the fix.
     */
    public static void requireReachable(String serviceId, ServiceAccount account, RootBase roots, Path target) {
        new AccountFolders(serviceId, account, roots, "as root, " + WHY + " and run as " + account.name() + ", who",
                "the folder (or STACKYARD_HOME)").requireReachableInto(target);
    }

    /**
     * As root, why the web account cannot reach {@code target} (a project folder Stackyard did not
     * make): the first folder on its real path the account cannot enter, and the fix. Changes
     * nothing (the folder is the user's). Empty when Stackyard is not root, when the account can
     * reach it, or when there is no web account (starting nginx says so).
     */
    public static Optional<String> unreachable(Path target) {
        if (!ServiceEnvironment.runningAsRoot()) {
            return Optional.empty();
        }
        Optional<ServiceAccount> account = Optional.ofNullable(known);
        if (account.isEmpty()) {
            // Looked up once it exists (id(1) per site would be a process per site and refresh).
            account = CANDIDATES.stream()
                    .map(ServiceAccount::lookup).flatMap(Optional::stream).filter(ServiceAccount::usable).findFirst();
            account.ifPresent(a -> known = a);
        }
        if (account.isEmpty()) {
            return Optional.empty();
        }
        try {
            for (Path folder : AccountFolders.foldersInto(target)) {
                if (!account.get().canTraverse(folder)) {
                    return Optional.of(account.get().name() + ", who runs nginx's workers and PHP as root, cannot enter "
                            + folder + " to reach " + target + "; move the project out of " + folder
                            + ", or allow passing through it with: chmod o+x " + folder);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot check the folders above " + target + ": " + e.getMessage());
        }
    }

    /** For messages and tests: a mode in rwx form. */
    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
