package dev.stackyard.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code services:} exactly as written: component names are the YAML keys, nothing is
 * defaulted or checked yet. A null component means the key is absent (or has no value). Which kinds
 * accept which key is the kinds' business ({@code Kind.keys()}, {@code Kind.COMMON_KEYS}).
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
        Boolean password,
        Integer httpPort,
        Integer keep,
        String maxMessageSize,
        List<String> dependsOn,
        String restart,
        SupervisionDtos.BackoffDto backoff,
        Integer maxRestarts,
        SupervisionDtos.HealthDto health,
        SupervisionDtos.LogsDto logs) {

    /** Every key with its value (null when absent), in declaration order. */
    Map<String, Object> values() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : ServiceDto.class.getRecordComponents()) {
            try {
                out.put(c.getName(), c.getAccessor().invoke(this));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + c.getName(), e);
            }
        }
        return out;
    }
}
