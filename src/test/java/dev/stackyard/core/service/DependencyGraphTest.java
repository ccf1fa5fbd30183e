package dev.stackyard.core.service;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Start order and cycles as tables of "who needs whom". */
class DependencyGraphTest {

    private static Map<String, List<String>> graph(String... lines) {
        Map<String, List<String>> g = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(":", -1);
            g.put(parts[0].strip(), parts[1].isBlank() ? List.of() : List.of(parts[1].strip().split("\\s*,\\s*")));
        }
        return g;
    }

    @Test
    void noCycleInATree() {
        assertEquals(Optional.empty(), DependencyGraph.findCycle(graph("web: php", "php:", "worker: cache, pg", "cache:", "pg: cache")));
    }

    @Test
    void cycleIsThePathThatClosesIt() {
        assertEquals(Optional.of(List.of("a", "b", "c", "a")), DependencyGraph.findCycle(graph("a: b", "b: c", "c: a")));
        assertEquals(Optional.of(List.of("b", "c", "b")), DependencyGraph.findCycle(graph("a: b", "b: c", "c: b")));
        assertEquals(Optional.of(List.of("a", "a")), DependencyGraph.findCycle(graph("a: a")));
    }

    @Test
    void unknownIdsAreIgnored() {
        assertEquals(Optional.empty(), DependencyGraph.findCycle(graph("a: nope")));
    }

    @Test
    void levelsPutEachServiceAfterWhatItNeeds() {
        Map<String, List<String>> g = graph("web: php", "php:", "worker: cache, pg", "cache:", "pg: cache");

        assertEquals(List.of(List.of("php", "cache"), List.of("web", "pg"), List.of("worker")),
                DependencyGraph.levels(List.of("web", "php", "worker", "cache", "pg"), g::get));
    }

    @Test
    void withDependenciesIsTransitive() {
        Map<String, List<String>> g = graph("worker: pg", "pg: cache", "cache:");

        assertEquals(List.of("cache", "pg", "worker"), DependencyGraph.withDependencies(List.of("worker"), g::get));
    }

    @Test
    void aCycleNeverLoops() {
        Map<String, List<String>> g = graph("a: b", "b: a");

        assertEquals(List.of(List.of("a", "b")), DependencyGraph.levels(List.of("a", "b"), g::get));
        assertEquals(List.of("b", "a"), DependencyGraph.withDependencies(List.of("a"), g::get));
    }
}
