package dev.stackyard.core.service.kind.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lines of {@code redis.conf} that keep another local account from turning redis against its
 * owner: the commands that write files where a client says or load code ({@code CONFIG SET dir} +
 * {@code SAVE}, {@code MODULE LOAD}, {@code DEBUG}) and the replication commands (a server made the
 * replica of an attacker's loads the attacker's data) are always off, and {@code requirepass} when the
 * service has a password. Pure functions of the redis version; no I/O.
 */
final class RedisHardening {
    /** Replication: {@code REPLICAOF evil-host} makes redis load (and save) whatever that host sends. */
    static final List<String> REPLICATION = List.of("SLAVEOF", "REPLICAOF", "SYNC", "PSYNC");

    private RedisHardening() {
    }

    /**
     * The hardening lines for redis {@code version} ("6.2.11", "7.0"). redis 7 has switches for the
     * dangerous commands ({@code enable-*-command no}, {@code enable-protected-configs no}) and keeps
     * {@code CONFIG} for the harmless settings; before 7 they are renamed to "" (removed).
     */
    static List<String> lines(String version, Optional<String> password) {
        int[] v = majorMinor(version);
        List<String> out = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        if (v[0] >= 7) {
            out.add("enable-protected-configs no");
            out.add("enable-debug-command no");
            out.add("enable-module-command no");
        } else {
            removed.addAll(List.of("CONFIG", "DEBUG", "MODULE"));
        }
        removed.addAll(REPLICATION);
        if (v[0] > 6 || (v[0] == 6 && v[1] >= 2)) {
            removed.add("FAILOVER");
        }
        for (String command : removed) {
            out.add("rename-command " + command + " \"\"");
        }
        password.ifPresent(p -> out.add("requirepass " + quoted(p)));
        return out;
    }

    /** {@code [major, minor]}; an unreadable version counts as 0.0 (the pre-7 lines, which 7 accepts too). */
    static int[] majorMinor(String version) {
        String[] parts = version == null ? new String[0] : version.split("\\.");
        int[] out = new int[2];
        for (int i = 0; i < 2 && i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].replaceAll("[^0-9].*", ""));
            } catch (NumberFormatException e) {
                return new int[2];
            }
        }
        return out;
    }

    /** A redis.conf double-quoted string: backslash and quote escaped; a line break cannot be written. */
    static String quoted(String text) {
        if (text.contains("\n") || text.contains("\r")) {
            throw new IllegalArgumentException("a redis password cannot hold a line break");
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
