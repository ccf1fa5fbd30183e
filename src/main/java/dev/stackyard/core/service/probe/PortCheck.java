package dev.stackyard.core.service.probe;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Is a TCP port free for a daemon that will listen on 127.0.0.1, and if not, who holds it.
 * Linux only ({@code /proc}). Stateless and thread-safe.
 *
 * <p>Every answer is a snapshot: another process may take the port between this check and the
 * daemon's own bind, so a start must still handle the daemon's "address in use" exit.
 */
public final class PortCheck {

    private static final Path PROC = Path.of("/proc");
    private static final String TCP_LISTEN = "0A";

    private PortCheck() {
    }

    /**
     * Empty when the port is free; otherwise who holds it.
     *
     * <p>The port is taken when binding 127.0.0.1:{@code port} fails with "address in use" (which
     * also catches 0.0.0.0 and dual-stack :: listeners), or when {@code /proc/net/tcp} or
     * {@code /proc/net/tcp6} lists a listening socket on that port on any address (e.g. ::1, which a
     * client resolving "localhost" may reach instead of our daemon). A bind refused for lack of
     * permission (a privileged port) does not count as taken.
     *
     * @throws IllegalArgumentException when {@code port} is not in 1..65535
     */
    public static Optional<PortHolder> holder(int port) {
        Probes.checkPort(port);
        // Two binds (microseconds) answer the common case; /proc/net, which costs ~10 ms here,
        // is read only to name the holder or to confirm a port the binds call taken.
        if (bindSucceeds(port, DeadlineChannel.LOOPBACK) && bindSucceeds(port, IPV6_LOOPBACK)) {
            return Optional.empty();
        }
        Set<Long> inodes = listeningInodes(port);
        if (inodes.isEmpty() && bindSucceeds(port, DeadlineChannel.LOOPBACK)) {
            return Optional.empty(); // the ::1 bind failed for another reason (no IPv6)
        }
        OptionalLong pid = findProcess(inodes);
        Optional<String> program = pid.isPresent() ? programName(pid.getAsLong()) : Optional.empty();
        return Optional.of(new PortHolder(port, pid, program));
    }

    /**
     * The first port at or above {@code startingAt} that {@link #holder} would call free.
     *
     * @throws IllegalArgumentException when {@code startingAt} is not in 1..65535
     * @throws IllegalStateException    when every port from there to 65535 is taken
     */
    public static int findFree(int startingAt) {
        Probes.checkPort(startingAt);
        Set<Integer> listening = listeningPorts(); // read once, not once per candidate
        for (int port = startingAt; port <= 65535; port++) {
            if (!listening.contains(port) && bindSucceeds(port, DeadlineChannel.LOOPBACK)) {
                return port;
            }
        }
        throw new IllegalStateException("no free TCP port from " + startingAt + " to 65535");
    }

    /**
     * Binds the way the daemons do. SO_REUSEADDR is ON on purpose: nginx, redis and postgres all set
     * it, so a port whose only remains are TIME_WAIT connections is free for them; with it off, the
     * check would call a just-stopped nginx's port busy for a minute.
     */
    private static boolean bindSucceeds(int port, InetAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port), 1);
            return true;
        } catch (BindException e) {
            // The JDK reports errno only through the message; EACCES is not "in use", and neither
            // is a ::1 that cannot be assigned because IPv6 is off (nothing can listen there then).
            String m = e.getMessage();
            return m != null && (m.contains("Permission denied") || m.contains("Cannot assign requested address"));
        } catch (IOException e) {
            return false;
        }
    }

    private static final InetAddress IPV6_LOOPBACK = ipv6Loopback();

    private static InetAddress ipv6Loopback() {
        try {
            return InetAddress.getByAddress("::1", new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Socket inodes of LISTEN entries on {@code port} in /proc/net/tcp and tcp6. */
    private static Set<Long> listeningInodes(int port) {
        Set<Long> inodes = new HashSet<>();
        forEachListener((listenPort, inode) -> {
            if (listenPort == port) {
                inodes.add(inode);
            }
        });
        return inodes;
    }

    private static Set<Integer> listeningPorts() {
        Set<Integer> ports = new HashSet<>();
        forEachListener((port, inode) -> ports.add(port));
        return ports;
    }

    private interface ListenerSink {
        void accept(int port, long inode);
    }

    private static void forEachListener(ListenerSink sink) {
        for (String table : new String[] {"net/tcp", "net/tcp6"}) {
            Path file = PROC.resolve(table);
            String contents;
            try {
                contents = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                continue; // no IPv6, or no /proc: the bind test still stands
            }
            contents.lines().skip(1).forEach(line -> parseListener(line, sink));
        }
    }

    /** One row: {@code sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...}. */
    private static void parseListener(String line, ListenerSink sink) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 10 || !f[3].equals(TCP_LISTEN)) {
            return;
        }
        int colon = f[1].lastIndexOf(':');
        try {
            int port = Integer.parseInt(f[1].substring(colon + 1), 16);
            long inode = Long.parseLong(f[9]);
            if (inode != 0) {
                sink.accept(port, inode);
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            // A row we cannot read says nothing about our port.
        }
    }

    /**
     * The process holding one of these socket inodes. When several share it (nginx or php-fpm master
     * and workers), the one whose parent is not among them: the master, which is what a stop signals.
     */
    private static OptionalLong findProcess(Set<Long> inodes) {
        if (inodes.isEmpty()) {
            return OptionalLong.empty();
        }
        Set<String> links = new HashSet<>();
        inodes.forEach(inode -> links.add("socket:[" + inode + "]"));
        TreeSet<Long> holders = new TreeSet<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> isNumeric(p.getFileName().toString()))) {
            for (Path process : processes) {
                if (holdsAny(process.resolve("fd"), links)) {
                    holders.add(Long.parseLong(process.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        for (long pid : holders) {
            boolean parentHolds = ProcessHandle.of(pid)
                    .flatMap(ProcessHandle::parent)
                    .map(parent -> holders.contains(parent.pid()))
                    .orElse(false);
            if (!parentHolds) {
                return OptionalLong.of(pid);
            }
        }
        return holders.isEmpty() ? OptionalLong.empty() : OptionalLong.of(holders.first());
    }

    private static boolean holdsAny(Path fdDir, Set<String> links) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(fdDir)) {
            for (Path fd : fds) {
                try {
                    if (links.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException e) {
                    // The fd closed while we looked: not the one we want.
                }
            }
        } catch (IOException e) {
            // Another user's process (no permission) or one that just exited: invisible to us.
        }
        return false;
    }

    private static Optional<String> programName(long pid) {
        try {
            String comm = Files.readString(PROC.resolve(pid + "/comm"), StandardCharsets.UTF_8).strip();
            if (!comm.isEmpty()) {
                return Optional.of(comm);
            }
        } catch (IOException e) {
            // Exited, or hidden by hidepid: fall back to the executable.
        }
        return ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().command())
                .map(command -> Path.of(command).getFileName().toString());
    }

    private static boolean isNumeric(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
