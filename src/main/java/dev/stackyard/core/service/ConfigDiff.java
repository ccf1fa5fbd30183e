package dev.stackyard.core.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a new config changes against the services held now: a pure function of the two, compared by
 * record equality.
 *
 * @param added   definitions with a new id, in the new config's order
 * @param changed definitions whose id is held but whose wanted definition differs, in the new order
 * @param removed held ids the new config no longer has, in the old order
 */
record ConfigDiff(List<ServiceDefinition> added, List<ServiceDefinition> changed, List<String> removed) {
    ConfigDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    /**
     * @param wanted what each held service is meant to run now (a definition waiting for its
     *               restart, else the one in force), by id in config order
     * @param next   the whole new config, in its order (ids unique)
     */
    static ConfigDiff of(Map<String, ServiceDefinition> wanted, List<ServiceDefinition> next) {
        List<ServiceDefinition> added = new ArrayList<>();
        List<ServiceDefinition> changed = new ArrayList<>();
        for (ServiceDefinition d : next) {
            ServiceDefinition now = wanted.get(d.id());
            if (now == null) {
                added.add(d);
            } else if (!now.equals(d)) {
                changed.add(d);
            }
        }
        Set<String> nextIds = next.stream().map(ServiceDefinition::id).collect(Collectors.toSet());
        List<String> removed = wanted.keySet().stream().filter(id -> !nextIds.contains(id)).toList();
        return new ConfigDiff(added, changed, removed);
    }

    /** The public summary by id. */
    ServiceRegistry.ConfigChange toChange() {
        return new ServiceRegistry.ConfigChange(ids(added), ids(changed), removed);
    }

    private static List<String> ids(List<ServiceDefinition> ds) {
        return ds.stream().map(ServiceDefinition::id).toList();
    }
}
