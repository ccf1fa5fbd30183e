package dev.stackyard.usecase;

import java.util.List;
import java.util.Locale;

/**
 * The XDG autostart entry that starts Stackyard at login, as text: written by {@link #render},
 * recognised by {@link #read}. Pure (no files); the quoting follows the Desktop Entry
 * Specification ({@code Exec} arguments with a reserved character are double-quoted, and the value
 * as a whole is a "string" whose backslashes are doubled).
 */
public final class LoginEntry {
    /** The key that marks an entry as Stackyard's own: only such an entry is rewritten or removed. */
    public static final String MARK = "X-Stackyard-Autostart";
    /** The entry's file name, in {@code $XDG_CONFIG_HOME/autostart}. */
    public static final String FILE_NAME = "stackyard.desktop";

    private static final String RESERVED = " \t\n\"'\\><~|&;$*?#()`";

    private LoginEntry() {
    }

    /** What an existing entry says. */
    public record Read(boolean ours, boolean enabled) {
    }

    /**
     * The entry: starts {@code command} (absolute program first, then its arguments) at login;
     * {@code TryExec} names {@code program}, so that once that program is gone (the package
     * removed) the session skips the entry instead of failing at every login.
     *
     * @throws IllegalArgumentException when a word holds a control character (a newline cannot be written in an entry)
     */
    public static String render(List<String> command, String program) {
        StringBuilder exec = new StringBuilder();
        for (String word : command) {
            if (!exec.isEmpty()) {
                exec.append(' ');
            }
            exec.append(execWord(word));
        }
        return """
                # Written by Stackyard (View > Start Stackyard at login, or `stackyard autostart on`):
                # `stackyard autostart off` removes it. Once the program below is gone, TryExec makes the
                # session skip this entry.
                [Desktop Entry]
                Type=Application
                Name=Stackyard
                Comment=Starts Stackyard in the tray with the services marked autostart
                Exec=%s
                TryExec=%s
                Icon=stackyard
                Terminal=false
                X-GNOME-Autostart-enabled=true
                %s=true
                """.formatted(string(exec.toString()), string(checked(program)), MARK);
    }

    /**
     * Reads an entry's {@code [Desktop Entry]} group: whether it carries {@link #MARK}, and whether
     * the desktop would start it (not {@code Hidden=true}, not {@code X-GNOME-Autostart-enabled=false},
     * which is how desktops' own settings turn an entry off).
     */
    public static Read read(String text) {
        boolean inMain = false;
        boolean ours = false;
        boolean enabled = true;
        for (String raw : text.split("\r?\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("[")) {
                inMain = line.equals("[Desktop Entry]");
                continue;
            }
            int eq = line.indexOf('=');
            if (!inMain || line.startsWith("#") || eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
            switch (key) {
                case MARK -> ours = value.equals("true");
                case "Hidden" -> enabled &= !value.equals("true");
                case "X-GNOME-Autostart-enabled" -> enabled &= !value.equals("false");
                default -> { }
            }
        }
        return new Read(ours, enabled);
    }

    /** One word of {@code Exec}: quoted where it holds a reserved character; {@code %} doubled (not a field code). */
    static String execWord(String word) {
        String w = checked(word).replace("%", "%%");
        if (w.isEmpty() || w.chars().anyMatch(c -> RESERVED.indexOf(c) >= 0)) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : w.toCharArray()) {
                if (c == '"' || c == '`' || c == '$' || c == '\\') {
                    b.append('\\');
                }
                b.append(c);
            }
            return b.append('"').toString();
        }
        return w;
    }

    /** A value of type string: backslashes doubled (the spec's only escape needed here). */
    private static String string(String value) {
        return value.replace("\\", "\\\\");
    }

    private static String checked(String word) {
        if (word.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a desktop entry cannot hold a control character: " + word.strip());
        }
        return word;
    }
}
