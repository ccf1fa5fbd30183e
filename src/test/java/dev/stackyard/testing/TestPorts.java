package dev.stackyard.testing;

import dev.stackyard.core.service.probe.PortCheck;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the daemons a test starts, always below the kernel's ephemeral range (32768-60999 here,
 * {@code /proc/sys/net/ipv4/ip_local_port_range}): a port found free there can be taken by any
 * outgoing connection between the check and the daemon's bind (CI's MailTabTest lost 32958 so).
 * Below it only a listener can take it. The start is random so tests that run one after the
 * other do not meet a port in TIME_WAIT or left by the one before.
 */
public final class TestPorts {
    /** The first port of the kernel's ephemeral range on Linux by default. */
    private static final int EPHEMERAL_FROM = 32_768;
    private static final int LOWEST = 20_000;
    /** Room above a random start for a test that takes a few ports in a row. */
    private static final int ROOM = 200;

    private TestPorts() {
    }

    /** A free port in 20000-32767, found from a random start. */
    public static int free() {
        for (int attempt = 0; attempt < 20; attempt++) {
            int port = PortCheck.findFree(LOWEST + ThreadLocalRandom.current().nextInt(EPHEMERAL_FROM - LOWEST - ROOM));
            if (port < EPHEMERAL_FROM) {
                return port;
            }
        }
        throw new IllegalStateException("no free port below " + EPHEMERAL_FROM);
    }

    /** The first free port above {@code port}, still below the ephemeral range. */
    public static int freeAfter(int port) {
        int next = PortCheck.findFree(port + 1);
        if (next >= EPHEMERAL_FROM) {
            throw new IllegalStateException("no free port from " + (port + 1) + " below " + EPHEMERAL_FROM);
        }
        return next;
    }
}
