package dev.stackyard.usecase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "Start Stackyard at login": Stackyard's XDG autostart entry ({@code $XDG_CONFIG_HOME/autostart/stackyard.desktop}),
 * which runs {@code stackyard --hidden}. The window's View menu and {@code stackyard autostart} call this.
 *
 * <p>Only an entry that carries {@link LoginEntry#MARK} is Stackyard's: another file of that name
 * (written by hand or by another tool) is never rewritten or removed, and a link is never written
 * through. The entry is written beside its place and renamed over it, so the session never reads a
 * half-written one. Blocks on file I/O: not on the UI thread. Not safe against another process
 * changing the same file at the same moment (the last writer wins, as with any editor).
 */
public final class StartAtLogin {
    /** How far {@link #status()} could tell. */
    public enum State {
        /** Stackyard's entry is there and the desktop starts it. */
        ON,
        /** No entry. */
        OFF,
        /** Stackyard's entry is there, but the desktop's own settings turned it off (Hidden=true). */
        DISABLED,
        /** A file of that name that Stackyard did not write (or a link): left alone. */
        FOREIGN
    }

    /** @param entry where the entry is (or would be) */
    public record Status(State state, Path entry) {
        public boolean on() {
            return state == State.ON;
        }
    }

    private static final long MAX_ENTRY_BYTES = 64 * 1024;

    private final Path autostartDir;
    private final Optional<Path> launcher;
    private final Optional<Path> stackyardHome;

    /**
     * @param autostartDir  {@code $XDG_CONFIG_HOME/autostart}
     * @param launcher      the absolute program that starts Stackyard (installed or source launcher); empty when
     *                      this process cannot tell, and then {@link #enable()} says so
     * @param stackyardHome the {@code STACKYARD_HOME} this process runs on, passed on to the login start; empty for none
     */
    public StartAtLogin(Path autostartDir, Optional<Path> launcher, Optional<Path> stackyardHome) {
        this.autostartDir = autostartDir.toAbsolutePath();
        this.launcher = launcher;
        this.stackyardHome = stackyardHome;
    }

    /** The entry's path. */
    public Path entry() {
        return autostartDir.resolve(LoginEntry.FILE_NAME);
    }

    public Status status() throws IOException {
        Path entry = entry();
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            return new Status(State.OFF, entry);
        }
        if (!Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
            return new Status(State.FOREIGN, entry);
        }
        LoginEntry.Read read = LoginEntry.read(readEntry(entry));
        if (!read.ours()) {
            return new Status(State.FOREIGN, entry);
        }
        return new Status(read.enabled() ? State.ON : State.DISABLED, entry);
    }

    /**
     * Writes Stackyard's entry (again: a stale one, or one the desktop disabled, is replaced).
     *
     * @throws IOException when a file of that name is not Stackyard's (or is a link), when the launcher is
     *                     unknown, or when the folder cannot be written; the message names the path
     */
    public Status enable() throws IOException {
        Path program = launcher.orElseThrow(() -> new IOException("cannot tell which program starts Stackyard (run it "
                + "through its launcher: the installed `stackyard`, or packaging/stackyard in a checkout)"));
        refuseForeign("written", "remove it yourself, then turn this on again");
        if (Files.isSymbolicLink(autostartDir)) {
            throw new IOException(autostartDir + " is a symbolic link; Stackyard does not write through links");
        }
        // Folders that are missing are made owner-only, as the XDG base directory spec asks.
        Files.createDirectories(autostartDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        List<String> command = new ArrayList<>();
        stackyardHome.ifPresent(home -> command.addAll(List.of("env", "STACKYARD_HOME=" + home)));
        command.add(program.toString());
        command.add("--hidden");
        String text;
        try {
            text = LoginEntry.render(command, program.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException("cannot write " + entry() + ": " + e.getMessage(), e);
        }
        // A fresh name (never an existing file or link), then a rename, which replaces the entry itself.
        Path tmp = Files.createTempFile(autostartDir, ".stackyard-", ".desktop.tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, entry(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return status();
    }

    /**
     * Removes Stackyard's entry; nothing when there is none.
     *
     * @throws IOException when a file of that name is not Stackyard's (it is left alone), or cannot be removed
     */
    public Status disable() throws IOException {
        if (refuseForeign("removed", "remove it yourself if Stackyard should not start at login").state() != State.OFF) {
            Files.delete(entry());
        }
        return status();
    }

    private Status refuseForeign(String verb, String advice) throws IOException {
        Status now = status();
        if (now.state() == State.FOREIGN) {
            String what = Files.isSymbolicLink(now.entry()) ? "is a symbolic link"
                    : Files.isRegularFile(now.entry(), LinkOption.NOFOLLOW_LINKS)
                    ? "was not written by Stackyard (it has no " + LoginEntry.MARK + "=true)" : "is not a regular file";
            throw new IOException(now.entry() + " " + what + "; it is left as it is, not " + verb + " (" + advice + ")");
        }
        return now;
    }

    private static String readEntry(Path entry) throws IOException {
        try (var channel = Files.newByteChannel(entry, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (channel.size() > MAX_ENTRY_BYTES) {
                return ""; // not an entry Stackyard wrote: foreign
            }
            return new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
