package dev.stackyard.core.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a folder nginx and php-fpm serve can be changed by another account. Whoever can write a
 * served folder runs code as the account PHP runs as (a dropped {@code .php}), and as root that was
 * root; whoever can write a folder above it can swap the whole folder. Like sshd's StrictModes: the
 * folder and every folder from it up to the top must belong to this account or root and not be
 * writable by group or others; a folder above it that others may write is allowed only with the
 * sticky bit ({@code /tmp}), which keeps them from renaming what is not theirs. Pure reads; no state.
 *
 * <p>Group write counts only for root. An ordinary user's folders are often group-writable by
 * design: Debian's and Ubuntu's user-private groups (the group is the user alone) come with umask
 * 002, so refusing them would refuse most projects while protecting nobody; write by every account
 * still refuses.
 */
public final class ServedFolders {
    private ServedFolders() {
    }

    /**
     * Why another account can change what is served from {@code folder} (its real path is
     * checked), or empty when none can. The sentence names the folder and the command that fixes it.
     */
    public static Optional<String> writableByOthers(Path folder) {
        return writableByOthers(folder, ServiceEnvironment.effectiveUid());
    }

    /** {@link #writableByOthers(Path)} for a Stackyard running as {@code me}. */
    static Optional<String> writableByOthers(Path folder, int me) {
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            return Optional.empty(); // a missing folder is reported by the caller's own checks
        }
        boolean served = true;
        for (Path p = real; p != null; p = p.getParent()) {
            Map<String, Object> a;
            try {
                a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return Optional.of("cannot check who may write " + p + ": " + e.getMessage());
            }
            int uid = (Integer) a.get("uid");
            int mode = (Integer) a.get("mode");
            if (uid != me && uid != 0) {
                return Optional.of(p + " belongs to another account (uid " + uid + "), which could put code there that"
                        + " PHP runs as " + (me == 0 ? "root" : "you") + "; serve a copy you own, or chown "
                        + (me == 0 ? "root" : "$USER") + " " + p);
            }
            boolean othersWrite = (mode & (me == 0 ? 0022 : 0002)) != 0;
            boolean sticky = (mode & 01000) != 0;
            if (othersWrite && (served || !sticky)) {
                return Optional.of(p + " is writable by " + ((mode & 0002) != 0 ? "every account" : "its group")
                        + " (mode " + Integer.toOctalString(mode & 07777) + "), so another account could put code there that"
                        + " PHP runs as " + (me == 0 ? "root" : "you") + "; chmod " + (me == 0 ? "go-w " : "o-w ") + p);
            }
            served = false;
        }
        return Optional.empty();
    }
}
