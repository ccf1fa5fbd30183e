package dev.stackyard.config;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code services:} exactly as written: component names are the YAML keys, nothing is
 * defaulted or checked yet. A null component means the key is absent (or has no value).
 */
record ServiceDto(
        String id,
        String kind,
        String version,
        Integer port,
        Boolean autostart,
        String stopSignal,
        String stopTimeout,
        String root,
        String php,
        List<String> command,
        String workDir,
        Map<String, String> env,
        ReadyDto ready,
        String dataDir,
        String restart,
        SupervisionDtos.BackoffDto backoff,
        Integer maxRestarts,
        SupervisionDtos.HealthDto health,
        SupervisionDtos.LogsDto logs) {
}
