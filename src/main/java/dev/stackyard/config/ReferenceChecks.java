package dev.stackyard.config;

import dev.stackyard.core.service.DependencyGraph;
import dev.stackyard.core.service.ServiceKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Checks of what entries say about each other: keys that name another service (the kinds'
 * {@code references()}, e.g. nginx's {@code php}) and {@code dependsOn} must name existing
 * services, of the right kind, and together must not form a cycle. Problems go to the sink as
 * (path, message); one use per read.
 */
final class ReferenceChecks {
    private final Map<String, ConfigReader.Entry> byId;
    private final BiConsumer<String, String> problem;

    /** @param byId the first entry of each valid id */
    ReferenceChecks(Map<String, ConfigReader.Entry> byId, BiConsumer<String, String> problem) {
        this.byId = byId;
        this.problem = problem;
    }

    void check(List<ConfigReader.Entry> entries) {
        for (ConfigReader.Entry entry : entries) {
            ServiceDto dto = entry.dto();
            ServiceKind kind = dto == null ? null : ServiceKind.fromConfigName(dto.kind()).orElse(null);
            if (kind == null) {
                continue;
            }
            Map<String, Object> values = dto.values();
            kind.spec().references().forEach((key, wanted) -> {
                if (!(values.get(key) instanceof String target)) {
                    return;
                }
                ConfigReader.Entry named = byId.get(target);
                if (named == null) {
                    problem.accept(entry.path() + "." + key, "no service has id '" + target + "'; " + key + " must name a "
                            + wanted + " service");
                } else if (!wanted.equals(named.dto().kind())) {
                    problem.accept(entry.path() + "." + key, "'" + target + "' is a " + named.dto().kind()
                            + " service; " + key + " must name a " + wanted + " service");
                }
            });
            List<String> needs = dto.dependsOn() == null ? List.of() : dto.dependsOn();
            for (int i = 0; i < needs.size(); i++) {
                String target = needs.get(i);
                if (target == null || target.isBlank()) {
                    continue;
                }
                if (target.equals(dto.id())) {
                    problem.accept(entry.path() + ".dependsOn[" + i + "]", "a service cannot depend on itself");
                } else if (!byId.containsKey(target)) {
                    problem.accept(entry.path() + ".dependsOn[" + i + "]", "no service has id '" + target + "'");
                }
            }
        }
        DependencyGraph.findCycle(graph(entries)).ifPresent(cycle -> {
            ConfigReader.Entry first = byId.get(cycle.getFirst());
            problem.accept(first.path() + ".dependsOn", "dependsOn cycle: " + String.join(" -> ", cycle));
        });
    }

    /** Who each service needs first: its dependsOn and the services its kind's references name. */
    private static Map<String, List<String>> graph(List<ConfigReader.Entry> entries) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        for (ConfigReader.Entry entry : entries) {
            ServiceDto dto = entry.dto();
            if (dto == null || dto.id() == null) {
                continue;
            }
            List<String> needs = new ArrayList<>();
            if (dto.dependsOn() != null) {
                dto.dependsOn().stream().filter(Objects::nonNull).filter(d -> !d.equals(dto.id())).forEach(needs::add);
            }
            Map<String, Object> values = dto.values();
            ServiceKind.fromConfigName(dto.kind()).ifPresent(kind -> kind.spec().references().keySet().stream()
                    .map(values::get).filter(String.class::isInstance).map(String.class::cast)
                    .forEach(needs::add));
            graph.putIfAbsent(dto.id(), needs);
        }
        return graph;
    }
}
