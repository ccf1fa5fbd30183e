package dev.stackyard.config;

/** {@code ready: {tcp: 5173}} or {@code ready: {logLine: "regex"}} as written. */
record ReadyDto(Integer tcp, String logLine) {
}
