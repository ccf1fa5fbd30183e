package dev.stackyard.core.process;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * How a process ended: an exit code, a signal, or unknown (a process we adopted is not our child,
 * so its status cannot be collected).
 *
 * <p>For our own children the JDK reports death by signal N as 128+N; codes 129..159 are read as
 * signals, so a program that calls {@code exit(137)} is reported as killed by KILL.
 */
public record ExitStatus(Integer code, Integer signal) {

    private static final ExitStatus UNKNOWN = new ExitStatus(null, null);

    public static ExitStatus ofJavaExitValue(int value) {
        if (value > 128 && value < 160) {
            return new ExitStatus(null, value - 128);
        }
        return new ExitStatus(value, null);
    }

    public static ExitStatus unknown() {
        return UNKNOWN;
    }

    public OptionalInt exitCode() {
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    public Optional<Signal> killedBy() {
        return signal == null ? Optional.empty() : Signal.ofNumber(signal);
    }

    /** "exit code 3", "killed by signal KILL (9)" or "exit status unknown". */
    public String describe() {
        if (code != null) {
            return "exit code " + code;
        }
        if (signal != null) {
            return "killed by signal " + Signal.ofNumber(signal).map(s -> s.name() + " (" + signal + ")")
                    .orElse(Integer.toString(signal));
        }
        return "exit status unknown";
    }

    @Override
    public String toString() {
        return describe();
    }
}
