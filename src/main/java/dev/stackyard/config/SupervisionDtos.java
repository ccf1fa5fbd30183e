package dev.stackyard.config;

/** The nested supervision mappings of a service entry, exactly as written (see {@link SupervisionKeys}). */
final class SupervisionDtos {
    private SupervisionDtos() {
    }

    /** {@code backoff: {initial: 1s, max: 60s, resetAfter: 60s}} */
    record BackoffDto(String initial, String max, String resetAfter) {
    }

    /** {@code health: {interval: 10s, timeout: 2s, failures: 3}} */
    record HealthDto(String interval, String timeout, Integer failures) {
    }

    /** {@code logs: {maxSize: 10MiB, keep: 3}} */
    record LogsDto(String maxSize, Integer keep) {
    }
}
