package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;

import java.util.List;

/**
 * The aggregate the tray icon shows: how many services run, how many failed, and from that the
 * icon and the StatusNotifierItem status. A pure function of the snapshots.
 *
 * @param total   configured services
 * @param running services RUNNING
 * @param failed  services FAILED or FATAL
 */
public record TrayStatus(int total, int running, int failed) {

    /** Which icon to show. */
    public enum Look {
        /** Nothing runs. */
        IDLE,
        /** Some services run, none failed. */
        PARTIAL,
        /** Every service runs. */
        ALL_RUNNING,
        /** Something FAILED or went FATAL. */
        ATTENTION
    }

    public static TrayStatus of(List<ServiceSnapshot> services) {
        int running = 0;
        int failed = 0;
        for (ServiceSnapshot s : services) {
            if (s.state() == ServiceState.RUNNING) {
                running++;
            } else if (isFailure(s.state())) {
                failed++;
            }
        }
        return new TrayStatus(services.size(), running, failed);
    }

    /** FAILED, and FATAL (a crash loop the supervisor gave up on) where the engine has it. */
    static boolean isFailure(ServiceState state) {
        return state == ServiceState.FAILED || "FATAL".equals(state.name());
    }

    public Look look() {
        if (failed > 0) {
            return Look.ATTENTION;
        }
        if (running == 0) {
            return Look.IDLE;
        }
        return running == total ? Look.ALL_RUNNING : Look.PARTIAL;
    }

    /** The StatusNotifierItem status: Passive when nothing runs, NeedsAttention on a failure. */
    public String sniStatus() {
        return switch (look()) {
            case IDLE -> "Passive";
            case PARTIAL, ALL_RUNNING -> "Active";
            case ATTENTION -> "NeedsAttention";
        };
    }

    /** "3 running, 1 failed"; "nothing running" when nothing runs or failed; "no services" when none are configured. */
    public String tooltip() {
        if (total == 0) {
            return "no services";
        }
        if (running == 0 && failed == 0) {
            return "nothing running";
        }
        return failed == 0 ? running + " running" : running + " running, " + failed + " failed";
    }
}
