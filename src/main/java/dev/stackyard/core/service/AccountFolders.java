package dev.stackyard.core.service;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * As root, the account a daemon runs as ({@link ServiceAccount}) must pass through every folder on
 * the way to its files. Stackyard's own folders (see {@link RootBase#ownFolders()}, and the
 * STACKYARD_HOME holding them) get search permission for everyone (0711: passing through to names
 * one knows, without listing them); any other folder (such as /root) is never changed: the start
 * fails naming it and the fix ({@code chmod o+x}). The one place that rule lives for postgres,
 * mariadb and the web kinds; each kind says which account, which folders and how to word who runs
 * as it. Immutable; safe to call from any thread.
 *
 * @param serviceId the service starting, for the message
 * @param account   the account that must pass through
 * @param roots     which folders are Stackyard's own
 * @param who       the start of the refusal, up to "cannot enter": {@code "postgres runs as postgres
 *                  (it refuses root), and postgres"}
 * @param moveWhat  what the refusal says to move out of the folder: {@code "Stackyard's folders
 *                  (STACKYARD_HOME) or dataDir"}
 */
public record AccountFolders(String serviceId, ServiceAccount account, RootBase roots, String who, String moveWhat) {
    private static final Logger log = LoggerFactory.getLogger(AccountFolders.class);

    /**
     * Every existing folder above {@code target} (not {@code target} itself, which the account will
     * own): {@code target} and folders not made yet may be missing; Stackyard makes those passable
     * as it creates them. Each folder opened is logged.
     */
    public void requireReachableAbove(Path target) {
        try {
            Path abs = target.toAbsolutePath().normalize();
            Path existing = abs;
            while (!Files.exists(existing)) {
                existing = existing.getParent();
            }
            Path real = existing.toRealPath();
            List<Path> chain = new ArrayList<>();
            for (Path p = existing.equals(abs) ? real.getParent() : real; p != null; p = p.getParent()) {
                chain.addFirst(p);
            }
            open(chain, target, true);
        } catch (IOException e) {
            throw cannotCheck(target, e);
        }
    }

    /**
     * Every folder on the real path of {@code target}, {@code target} included when it is a folder;
     * {@code target} must exist. Folders opened are not logged (the web kinds never logged them).
     */
    public void requireReachableInto(Path target) {
        try {
            open(foldersInto(target), target, false);
        } catch (IOException e) {
            throw cannotCheck(target, e);
        }
    }

    /** The folders on the real path of {@code target}, outermost first, {@code target} included when a folder. */
    public static List<Path> foldersInto(Path target) throws IOException {
        List<Path> chain = new ArrayList<>();
        for (Path p = target.toRealPath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) {
                chain.addFirst(p);
            }
        }
        return chain;
    }

    private void open(List<Path> chain, Path target, boolean logOpened) throws IOException {
        List<Path> ours = roots.ownFolders().stream().map(AccountFolders::realPath).flatMap(Optional::stream).toList();
        Optional<Path> home = roots.stackyardHome().flatMap(AccountFolders::realPath);
        for (Path folder : chain) {
            if (account.canTraverse(folder)) {
                continue;
            }
            boolean stackyards = ours.stream().anyMatch(folder::startsWith) || folder.equals(home.orElse(null));
            if (!stackyards) {
                throw new ServiceException(serviceId, serviceId + " cannot start: " + who + " cannot enter " + folder
                        + " to reach " + target + "; move " + moveWhat + " out of " + folder
                        + ", or allow passing through it with: chmod o+x " + folder);
            }
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(folder));
            perms.add(PosixFilePermission.GROUP_EXECUTE);
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(folder, perms);
            if (logOpened) {
                log.info("{}: {} is now {} so that {} can reach {}", serviceId, folder,
                        PosixFilePermissions.toString(perms), account.name(), target);
            }
        }
    }

    private ServiceException cannotCheck(Path target, IOException e) {
        return new ServiceException(serviceId, serviceId + " cannot start: cannot check the folders above " + target
                + ": " + e.getMessage(), List.of(), e);
    }

    /** The real path of {@code p}, or empty when it does not exist (or cannot be resolved). */
    public static Optional<Path> realPath(Path p) {
        try {
            return Optional.of(p.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
