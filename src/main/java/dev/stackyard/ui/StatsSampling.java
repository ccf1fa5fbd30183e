package dev.stackyard.ui;

import dev.stackyard.core.process.ProcessStats;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns process-tree samples of the running services into the rows' CPU, memory and uptime.
 * CPU % needs two samples of the same process (same root PID and start time), so the first
 * sample after a (re)start has no CPU figure.
 *
 * <p>Confined to the one thread that calls {@link #sample(List)} (the stats tick).
 */
final class StatsSampling {

    private final ServicesViewModel.TreeSampler sampler;

    /** Last sample per service, to compute CPU % from. */
    private Map<String, ProcessStats.TreeSample> previousSamples = new HashMap<>();

    StatsSampling(ServicesViewModel.TreeSampler sampler) {
        this.sampler = sampler;
    }

    /** Samples every running service with a PID; services not sampled are absent from the result. */
    Map<String, ServiceRowViewModel.Stats> sample(List<ServiceSnapshot> snapshots) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (ServiceSnapshot s : snapshots) {
            if (s.state() == ServiceState.RUNNING && s.pid() != null) {
                pids.put(s.id(), s.pid());
            }
        }
        Map<Long, ProcessStats.TreeSample> samples = pids.isEmpty() ? Map.of() : sampler.sample(pids.values());
        Map<String, ProcessStats.TreeSample> now = new HashMap<>();
        Map<String, ServiceRowViewModel.Stats> stats = new HashMap<>();
        pids.forEach((id, pid) -> {
            ProcessStats.TreeSample sample = samples.get(pid);
            if (sample == null) {
                return;
            }
            now.put(id, sample);
            ProcessStats.TreeSample before = previousSamples.get(id);
            Double cpu = before == null || before.rootPid() != sample.rootPid()
                    || before.rootStartTicks() != sample.rootStartTicks()
                    ? null : ProcessStats.cpuPercent(before, sample);
            stats.put(id, new ServiceRowViewModel.Stats(cpu, sample.rssBytes(), sample.rootStartedAt()));
        });
        previousSamples = now;
        return stats;
    }
}
