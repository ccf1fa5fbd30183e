package dev.stackyard.testing;

import dev.stackyard.core.process.OneShot;
import dev.stackyard.core.service.ServiceEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Another local account, for tests that perform an attack from one: as root (CI) a throwaway uid
 * and gid with no account behind them and no groups, reached with {@code setpriv}; as an ordinary
 * user the test's own account, which can do no less than a stranger over TCP.
 */
public final class OtherAccount {
    /** A uid/gid no account has on these machines. */
    public static final int UID = 61_234;

    private OtherAccount() {
    }

    /** Runs {@code argv} as the other account, with an empty environment but PATH; output and stderr merged. */
    public static OneShot.Result run(String... argv) {
        List<String> command = new ArrayList<>();
        if (ServiceEnvironment.runningAsRoot()) {
            command.addAll(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--"));
        }
        command.addAll(List.of(argv));
        try {
            return OneShot.of(command).timeout(Duration.ofSeconds(30)).run();
        } catch (OneShot.Failed e) {
            throw new AssertionError("could not run " + command + ": " + e.getMessage(), e);
        }
    }

    /** The output of {@link #run}, lines joined. */
    public static String output(String... argv) {
        return String.join("\n", run(argv).output());
    }
}
