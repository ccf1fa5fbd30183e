package dev.stackyard.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * For tests of what Stackyard does as root (handing folders to other accounts, dropping to a
 * throwaway uid): CI runs as root, so there a non-root run fails instead of skipping.
 */
public final class AsRoot {
    private AsRoot() {
    }

    public static void require(String why) {
        boolean root = dev.stackyard.core.service.ServiceEnvironment.runningAsRoot();
        if (!root && "true".equals(System.getenv("CI"))) {
            fail("this test must run as root in CI: " + why);
        }
        assumeTrue(root, why + " needs root");
    }
}
