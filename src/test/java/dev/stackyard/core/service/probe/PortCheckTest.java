package dev.stackyard.core.service.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    private static final long OUR_PID = ProcessHandle.current().pid();

    private static String ourProgramName() {
        String name = Path.of(ProcessHandle.current().info().command().orElseThrow()).getFileName().toString();
        return name.length() > 15 ? name.substring(0, 15) : name; // comm is cut at 15 characters
    }

    @Test
    void portNobodyListensOnHasNoHolder() throws IOException {
        assertEquals(Optional.empty(), PortCheck.holder(FakeTcpServer.closedPort()));
    }

    @Test
    void serverSocketOfThisJvmIsHeldByThisPidAndProgram() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, DeadlineChannel.LOOPBACK)) {
            PortHolder holder = PortCheck.holder(socket.getLocalPort()).orElseThrow();
            assertEquals(new PortHolder(socket.getLocalPort(), OptionalLong.of(OUR_PID), Optional.of(ourProgramName())), holder);
        }
    }

    @Test
    void wildcardListenerTakesTheLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) { // 0.0.0.0 / :: dual stack
            PortHolder holder = PortCheck.holder(socket.getLocalPort()).orElseThrow();
            assertEquals(OptionalLong.of(OUR_PID), holder.pid());
        }
    }

    @Test
    void ipv6LoopbackListenerCountsAsTakenThoughIpv4BindWouldSucceed() throws IOException {
        InetAddress ipv6Loopback = InetAddress.getByName("::1");
        ServerSocket socket;
        try {
            socket = new ServerSocket(0, 1, ipv6Loopback);
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (socket) {
            assertTrue(socket.getInetAddress() instanceof Inet6Address);
            PortHolder holder = PortCheck.holder(socket.getLocalPort()).orElseThrow();
            assertEquals(OptionalLong.of(OUR_PID), holder.pid());
        }
    }

    @Test
    void findFreeSkipsAPortThatIsTaken() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(DeadlineChannel.LOOPBACK, 0));
            int taken = socket.getLocalPort();
            int free = PortCheck.findFree(taken);
            assertNotEquals(taken, free);
            assertTrue(free > taken);
            assertEquals(Optional.empty(), PortCheck.holder(free));
        }
    }

    @Test
    void findFreeReturnsTheStartingPortWhenItIsFree() throws IOException {
        int port = FakeTcpServer.closedPort();
        assertEquals(port, PortCheck.findFree(port));
    }

    @Test
    void portsOutsideTheTcpRangeAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PortCheck.holder(0));
        assertThrows(IllegalArgumentException.class, () -> PortCheck.holder(65536));
        assertThrows(IllegalArgumentException.class, () -> PortCheck.findFree(-1));
    }

    @Test
    void messageNamesPidAndProgramWhenVisible() {
        assertEquals("port 6379 is already in use by PID 1234 (redis-server)",
                new PortHolder(6379, OptionalLong.of(1234), Optional.of("redis-server")).message());
    }

    @Test
    void messageSaysOnlyInUseWhenTheHolderIsNotVisible() {
        assertEquals("port 6379 is already in use",
                new PortHolder(6379, OptionalLong.empty(), Optional.empty()).message());
    }
}
