package dev.stackyard.core.service;

import dev.stackyard.core.service.ServiceRegistry.Outcome;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs an operation over many services by dependency level: starts go level by level in
 * dependency order, stops in the reverse order, each level in parallel on the registry's workers.
 * Knows nothing of the operations themselves; one failing service never throws out of a batch.
 */
final class DependencyBatches {
    private final ExecutorService workers;
    private final Function<String, List<String>> dependencies;

    /** @param dependencies what an id needs running first, among the configured services */
    DependencyBatches(ExecutorService workers, Function<String, List<String>> dependencies) {
        this.workers = workers;
        this.dependencies = dependencies;
    }

    /**
     * Starts {@code wanted} (the asked ids and what they depend on) level by level. A service whose
     * dependency failed is not started; its outcome says so, with {@code snapshot}'s view of it.
     *
     * @return outcomes, the asked ids first in their order, then the dependencies started for them
     */
    Map<String, Outcome> start(Collection<String> asked, List<String> wanted, Function<String, Outcome> startOne,
                               Function<String, ServiceSnapshot> snapshot) {
        Map<String, Outcome> results = new LinkedHashMap<>();
        for (List<String> level : DependencyGraph.levels(wanted, dependencies)) {
            Map<String, Future<Outcome>> futures = new LinkedHashMap<>();
            for (String id : level) {
                Optional<String> failedDep = dependencies.apply(id).stream()
                        .filter(d -> results.containsKey(d) && !results.get(d).ok()).findFirst();
                if (failedDep.isPresent()) {
                    results.put(id, new Outcome(snapshot.apply(id), new ServiceException(id,
                            id + " was not started because " + failedDep.get() + " failed to start")));
                    continue;
                }
                futures.put(id, workers.submit(() -> startOne.apply(id)));
            }
            futures.forEach((id, f) -> results.put(id, await(id, f)));
        }
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        for (String id : asked) {
            ordered.put(id, results.get(id));
        }
        results.forEach(ordered::putIfAbsent);
        return ordered;
    }

    /** Stops {@code ids}, dependents before what they depend on; outcomes in the order of {@code ids}. */
    Map<String, Outcome> stop(Collection<String> ids, Function<String, Outcome> stopOne) {
        List<List<String>> levels = new ArrayList<>(
                DependencyGraph.levels(new ArrayList<>(new LinkedHashSet<>(ids)), dependencies));
        Collections.reverse(levels);
        Map<String, Outcome> results = new LinkedHashMap<>();
        for (List<String> level : levels) {
            Map<String, Future<Outcome>> futures = new LinkedHashMap<>();
            for (String id : level) {
                futures.put(id, workers.submit(() -> stopOne.apply(id)));
            }
            futures.forEach((id, f) -> results.put(id, await(id, f)));
        }
        Map<String, Outcome> ordered = new LinkedHashMap<>();
        for (String id : ids) {
            ordered.put(id, results.get(id));
        }
        return ordered;
    }

    /** The outcome of an operation run on a worker; an exception it threw becomes the outcome's error. */
    static Outcome await(String id, Future<Outcome> f) {
        try {
            return f.get();
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            ServiceException se = cause instanceof ServiceException s ? s
                    : new ServiceException(id, id + ": " + cause.getMessage(), List.of(), cause);
            return new Outcome(null, se);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return new Outcome(null, new ServiceException(id, id + ": interrupted"));
        }
    }
}
