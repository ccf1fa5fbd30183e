package dev.stackyard.core.process;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a process is, beyond its reusable PID: start time in clock ticks since boot (field 22 of
 * {@code /proc/PID/stat}), the resolved executable and the boot it was started in.
 *
 * @param exe the resolved executable, or {@code null} when it was not yet known (recorded in the
 *            instant between spawn and the exec of the daemon)
 */
public record ProcessIdentity(long pid, long startTicks, String exe, String bootId) {

    public ProcessIdentity {
        Objects.requireNonNull(bootId, "bootId");
    }

    /** The identity of a live, non-zombie process now, or empty when there is none. */
    public static Optional<ProcessIdentity> of(long pid) {
        return ProcFs.stat(pid)
                .filter(s -> !s.isZombie())
                .map(s -> new ProcessIdentity(pid, s.startTicks(), ProcFs.exe(pid).orElse(null), ProcFs.bootId()));
    }

    public ProcessIdentity withExe(String newExe) {
        return new ProcessIdentity(pid, startTicks, newExe, bootId);
    }

    /**
     * The identity rule, the one place that decides whether the process running now under this PID
     * is the one recorded here: same boot, same start ticks, not a zombie, and the same executable
     * (when one was recorded).
     */
    public boolean isAliveAndSame() {
        return whyNotAlive().isEmpty();
    }

    /**
     * Empty when {@link #isAliveAndSame()}; otherwise why not, in words for a log line or a
     * {@link ProcessEvent.StaleFileRemoved} ("PID 4242 now belongs to another process").
     */
    public Optional<String> whyNotAlive() {
        if (!bootId.equals(ProcFs.bootId())) {
            return Optional.of("recorded in an earlier boot");
        }
        Optional<ProcFs.Stat> stat = ProcFs.stat(pid);
        if (stat.isEmpty()) {
            return Optional.of("PID " + pid + " is not running");
        }
        if (stat.get().isZombie()) {
            return Optional.of("PID " + pid + " is a zombie");
        }
        if (stat.get().startTicks() != startTicks) {
            return Optional.of("PID " + pid + " now belongs to another process");
        }
        if (exe != null && !exe.equals(ProcFs.exe(pid).orElse(null))) {
            return Optional.of("PID " + pid + " now runs another program");
        }
        return Optional.empty();
    }
}
