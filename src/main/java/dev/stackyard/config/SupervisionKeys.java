package dev.stackyard.config;

import dev.stackyard.core.service.SupervisionPolicy;
import dev.stackyard.core.service.SupervisionPolicy.Backoff;
import dev.stackyard.core.service.SupervisionPolicy.Health;
import dev.stackyard.core.service.SupervisionPolicy.Logs;
import dev.stackyard.core.service.SupervisionPolicy.Restart;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The supervision keys of a service entry ({@code restart}, {@code backoff}, {@code maxRestarts},
 * {@code health}, {@code logs}) to a {@link SupervisionPolicy}. Absent keys take the values of
 * {@link SupervisionPolicy#DEFAULT}, the one place those defaults live. Every bad value is reported
 * with its path; the returned policy then must not be used.
 */
final class SupervisionKeys {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KiB|MiB|GiB)?");
    private static final String RESTARTS = Arrays.stream(Restart.values()).map(Restart::configName)
            .collect(Collectors.joining(", "));

    private SupervisionKeys() {
    }

    /**
     * @param path    the entry's path, e.g. {@code services[2]}
     * @param problem receives (path, message) for each bad value
     */
    static SupervisionPolicy read(String path, ServiceDto dto, BiConsumer<String, String> problem) {
        SupervisionPolicy d = SupervisionPolicy.DEFAULT;
        Restart restart = d.restart();
        if (dto.restart() != null) {
            restart = Restart.fromConfigName(dto.restart()).orElse(null);
            if (restart == null) {
                problem.accept(path + ".restart", "unknown restart policy '" + dto.restart() + "' (expected one of " + RESTARTS + ")");
                restart = d.restart();
            }
        }
        int maxRestarts = d.maxRestarts();
        if (dto.maxRestarts() != null) {
            if (dto.maxRestarts() < 0) {
                problem.accept(path + ".maxRestarts", dto.maxRestarts() + " is negative; use 0 to never restart after a crash");
            } else {
                maxRestarts = dto.maxRestarts();
            }
        }
        Backoff backoff = d.backoff();
        if (dto.backoff() != null) {
            String p = path + ".backoff";
            Duration initial = duration(p + ".initial", dto.backoff().initial(), backoff.initial(), problem);
            Duration max = duration(p + ".max", dto.backoff().max(), backoff.max(), problem);
            Duration reset = duration(p + ".resetAfter", dto.backoff().resetAfter(), backoff.resetAfter(), problem);
            if (max.compareTo(initial) < 0) {
                problem.accept(p + ".max", "is shorter than backoff.initial (" + Durations.format(initial) + ")");
            }
            backoff = new Backoff(initial, max, reset);
        }
        Health health = d.health();
        if (dto.health() != null) {
            String p = path + ".health";
            Duration interval = positive(p + ".interval", dto.health().interval(), health.interval(), problem);
            Duration timeout = positive(p + ".timeout", dto.health().timeout(), health.timeout(), problem);
            int failures = health.failures();
            if (dto.health().failures() != null) {
                if (dto.health().failures() < 1) {
                    problem.accept(p + ".failures", dto.health().failures() + " must be at least 1");
                } else {
                    failures = dto.health().failures();
                }
            }
            health = new Health(interval, timeout, failures);
        }
        Logs logs = d.logs();
        if (dto.logs() != null) {
            String p = path + ".logs";
            long maxSize = logs.maxSize();
            if (dto.logs().maxSize() != null) {
                Optional<Long> size = size(dto.logs().maxSize());
                if (size.isEmpty() || size.get() < 1) {
                    problem.accept(p + ".maxSize", "'" + dto.logs().maxSize() + "' is not a size (use e.g. 10MiB, 512KiB, 1GiB)");
                } else {
                    maxSize = size.get();
                }
            }
            int keep = logs.keep();
            if (dto.logs().keep() != null) {
                if (dto.logs().keep() < 1) {
                    problem.accept(p + ".keep", dto.logs().keep() + " must be at least 1");
                } else {
                    keep = dto.logs().keep();
                }
            }
            logs = new Logs(maxSize, keep);
        }
        return new SupervisionPolicy(restart, backoff, maxRestarts, health, logs);
    }

    /** Bytes from {@code 123}, {@code 512KiB}, {@code 10MiB} or {@code 1GiB}. */
    static Optional<Long> size(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        return Optional.of(switch (unit) {
            case "KiB" -> n * 1024;
            case "MiB" -> n * 1024 * 1024;
            case "GiB" -> n * 1024 * 1024 * 1024;
            default -> n;
        });
    }

    /** The largest exact unit: 26214400 is {@code 25MiB}, 1000 is {@code 1000B}. */
    static String formatSize(long bytes) {
        for (String unit : new String[] {"GiB", "MiB", "KiB"}) {
            long factor = size("1" + unit).orElseThrow();
            if (bytes >= factor && bytes % factor == 0) {
                return bytes / factor + unit;
            }
        }
        return bytes + "B";
    }

    private static Duration duration(String path, String text, Duration fallback, BiConsumer<String, String> problem) {
        if (text == null) {
            return fallback;
        }
        Optional<Duration> d = Durations.parse(text);
        if (d.isEmpty()) {
            problem.accept(path, "'" + text + "' is not a duration (use e.g. " + Durations.EXAMPLES + ")");
            return fallback;
        }
        return d.get();
    }

    private static Duration positive(String path, String text, Duration fallback, BiConsumer<String, String> problem) {
        Duration d = duration(path, text, fallback, problem);
        if (d.isZero()) {
            problem.accept(path, "must be longer than 0");
            return fallback;
        }
        return d;
    }
}
