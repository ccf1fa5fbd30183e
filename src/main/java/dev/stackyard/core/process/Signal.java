package dev.stackyard.core.process;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The signals Stackyard sends, with their Linux numbers (x86-64 and arm64 agree on these). */
public enum Signal {
    HUP(1), INT(2), QUIT(3), KILL(9), USR1(10), USR2(12), TERM(15);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** Parses {@code TERM}, {@code SIGTERM} or {@code term}; empty when the name is not one of ours. */
    public static Optional<Signal> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String upper = name.trim().toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        return Arrays.stream(values()).filter(s -> s.name().equals(bare)).findFirst();
    }

    /** The signal with this number, if it is one of ours. */
    public static Optional<Signal> ofNumber(int number) {
        return Arrays.stream(values()).filter(s -> s.number == number).findFirst();
    }
}
