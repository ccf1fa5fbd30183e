package dev.stackyard.core.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Start order from "who needs whom first": pure functions over a map from id to the ids it depends
 * on, with no I/O and no state. Ids a map entry names but the map does not hold are ignored (the
 * config reports them).
 */
public final class DependencyGraph {
    private DependencyGraph() {
    }

    /**
     * A dependency cycle, written as the path that closes it ({@code [a, b, a]}), or empty. The
     * first cycle found walking the ids in the map's order.
     */
    public static Optional<List<String>> findCycle(Map<String, List<String>> needs) {
        Set<String> done = new HashSet<>();
        for (String start : needs.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> cycle = walk(start, needs, done, path, new HashSet<>());
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> walk(String id, Map<String, List<String>> needs, Set<String> done,
                                               List<String> path, Set<String> onPath) {
        if (onPath.contains(id)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            return Optional.of(cycle);
        }
        if (done.contains(id) || !needs.containsKey(id)) {
            return Optional.empty();
        }
        path.add(id);
        onPath.add(id);
        for (String next : needs.get(id)) {
            Optional<List<String>> cycle = walk(next, needs, done, path, onPath);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.removeLast();
        onPath.remove(id);
        done.add(id);
        return Optional.empty();
    }

    /** {@code ids} and everything they need, transitively; each id after what it needs where possible. */
    public static List<String> withDependencies(Collection<String> ids, Function<String, List<String>> needs) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            add(id, needs, out, new HashSet<>());
        }
        return new ArrayList<>(out);
    }

    private static void add(String id, Function<String, List<String>> needs, Set<String> out, Set<String> visiting) {
        if (out.contains(id) || !visiting.add(id)) {
            return; // placed already, or a cycle (the config refuses those): never loop
        }
        for (String dep : needs.apply(id)) {
            add(dep, needs, out, visiting);
        }
        out.add(id);
    }

    /**
     * Groups {@code ids} into levels: each level needs only ids of earlier levels (among the given
     * ones). Starting level by level, each level in parallel, starts everything after what it
     * needs; stopping in the reverse order stops dependents first. A cycle (which the config
     * refuses) ends up in one last level rather than looping.
     */
    public static List<List<String>> levels(List<String> ids, Function<String, List<String>> needs) {
        List<List<String>> levels = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        List<String> left = new ArrayList<>(ids);
        while (!left.isEmpty()) {
            List<String> level = left.stream()
                    .filter(id -> needs.apply(id).stream().allMatch(d -> placed.contains(d) || !ids.contains(d)))
                    .toList();
            if (level.isEmpty()) {
                level = List.copyOf(left);
            }
            levels.add(level);
            placed.addAll(level);
            left.removeAll(level);
        }
        return levels;
    }
}
