package dev.stackyard.core.service;

import dev.stackyard.core.process.LogFiles;
import dev.stackyard.core.process.ProcessEvent;
import dev.stackyard.core.process.ProcessInfo;
import dev.stackyard.core.process.ProcessManager;
import dev.stackyard.core.process.StartFailedException;
import dev.stackyard.core.process.StopResult;
import dev.stackyard.core.service.ServiceRegistry.Outcome;
import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.service.probe.PortHolder;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What happens to one service: its start, its stop, bringing its state in line with what really
 * runs, and its process's exit. Each runs through the process core and moves the service's state
 * only through {@link ServiceEntry#transition}; batches and dependency order are the registry's.
 */
final class ServiceOperations {
    private static final int LOG_TAIL = 20;

    private final ProcessManager processes;
    private final RunRecords records;

    ServiceOperations(ProcessManager processes, RunRecords records) {
        this.processes = processes;
        this.records = records;
    }

    // ---------------------------------------------------------------- truth from the process core

    /**
     * Brings an idle service's state in line with what really runs: adopts a process started by
     * another Stackyard process, notices one that died or was stopped elsewhere, and cleans its
     * stale files. Caller holds {@code e.lock}.
     *
     * @param wait whether to wait for the process core's lock on the id (false: skip if busy)
     */
    void refreshLocked(ServiceEntry e, boolean wait) {
        e.settlePendingLocked();
        String id = e.manager.id();
        ServiceSnapshot s = e.snapshot;
        // The state first: a lookup of the installation searches PATH, which a running service never needs.
        if (s.state() != ServiceState.RUNNING && e.manager.installation().isEmpty()) {
            boolean recorded = Files.exists(processes.stateFile(id));
            if (!recorded) {
                e.transition(ServiceState.NOT_INSTALLED, null, e.manager.notInstalledHint(), List.of(), null);
                return;
            }
        }
        boolean hadRecord = Files.exists(processes.stateFile(id));
        Optional<ProcessInfo> info;
        if (wait) {
            info = processes.find(id, e.manager.pidFile());
        } else {
            ProcessManager.Lookup found = processes.tryFind(id, e.manager.pidFile());
            if (found instanceof ProcessManager.Lookup.Busy) {
                return; // another process starts or stops it; ask again next time
            }
            info = found instanceof ProcessManager.Lookup.Running r ? Optional.of(r.info()) : Optional.empty();
        }
        if (info.isPresent()) {
            if (s.state() != ServiceState.RUNNING || s.pid() == null || s.pid() != info.get().pid()) {
                // Adopted: started by another Stackyard process, perhaps from an older config.
                e.startedWith = records.readStartedWith(id).orElse(null);
                e.running = records.readStartedVersion(id).orElse(null);
                e.transition(ServiceState.RUNNING, info.get().pid(), null, List.of(), null);
            }
            return;
        }
        if (hadRecord && s.state() != ServiceState.FAILED) {
            // A record without a live process: it died while no Stackyard process watched it (or
            // its exit event is still on the way: a FAILED from that event is not repeated here).
            e.manager.afterStop();
            e.fail(id + " is no longer running (it was killed or crashed); its stale files were removed",
                    LogFiles.tail(e.manager.logFile(), LOG_TAIL));
            return;
        }
        if (s.state() == ServiceState.RUNNING || s.state() == ServiceState.NOT_INSTALLED) {
            e.transition(ServiceState.STOPPED, null, null, List.of(), null);
        } else if (s.state() == ServiceState.STOPPED) {
            records.readLastError(id).ifPresent(err -> e.transition(ServiceState.FAILED, null, err, List.of(), null));
        }
    }

    /**
     * The service's process exited (as the process core saw it). Takes the service's lock, so it
     * must not run on the process core's event thread.
     */
    void onExited(ServiceEntry e, ProcessEvent.Exited x) {
        e.lock.lock();
        try {
            ServiceSnapshot s = e.snapshot;
            if (s.state() != ServiceState.RUNNING || s.pid() == null || s.pid() != x.pid()) {
                return;
            }
            if (x.expected()) {
                e.transition(ServiceState.STOPPED, null, null, List.of(), null);
            } else {
                e.lastExit = x.status();
                e.manager.afterStop();
                e.fail(e.manager.id() + " stopped unexpectedly (" + x.status().describe() + ")",
                        LogFiles.tail(e.manager.logFile(), LOG_TAIL));
            }
        } finally {
            e.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- start

    /**
     * Starts one service (not its dependencies) and returns once it is ready, or how it failed.
     * Starting a running service does nothing and succeeds.
     */
    Outcome startOne(ServiceEntry e) {
        String id = e.manager.id();
        e.lock.lock();
        try {
            refreshLocked(e, true);
            ServiceSnapshot s = e.snapshot;
            if (s.state() == ServiceState.RUNNING) {
                return new Outcome(s, null);
            }
            Optional<Installation> installation = e.manager.installation();
            if (installation.isEmpty()) {
                return new Outcome(s, new ServiceException(id, id + " cannot start: " + e.manager.notInstalledHint()));
            }
            e.transition(ServiceState.STARTING, null, null, List.of(), null);
            for (int port : e.manager.ports()) {
                Optional<PortHolder> holder = PortCheck.holder(port);
                if (holder.isPresent()) {
                    String msg = id + " cannot start: " + holder.get().message() + "; stop that program or choose another port";
                    e.fail(msg, List.of());
                    return new Outcome(e.snapshot, new ServiceException(id, msg));
                }
            }
            ServiceManager.Launch launch;
            try {
                launch = e.manager.prepare(installation.get(),
                        line -> e.transition(ServiceState.STARTING, null, null, List.of(), line));
            } catch (ServiceException ex) {
                e.fail(ex.getMessage(), ex.detail());
                return new Outcome(e.snapshot, ex);
            } catch (RuntimeException ex) {
                String msg = id + " could not be prepared: " + ex.getMessage();
                e.fail(msg, List.of());
                return new Outcome(e.snapshot, new ServiceException(id, msg, List.of(), ex));
            }
            try {
                e.lastExit = null;
                ProcessInfo info = processes.start(launch.spec(), launch.readiness(), launch.readyTimeout());
                e.health = launch.readiness();
                e.healthPid = info.pid();
                records.clearLastError(id);
                e.startedWith = RunRecords.fingerprint(e.manager.definition());
                records.writeStartedWith(id, e.startedWith);
                e.running = RunRecords.RunVersion.of(installation.get());
                records.writeStartedVersion(id, e.running);
                e.transition(ServiceState.RUNNING, info.pid(), null, List.of(), null);
                return new Outcome(e.snapshot, null);
            } catch (StartFailedException ex) {
                e.lastExit = ex.status().orElse(null);
                e.manager.afterStop();
                String msg = e.manager.explain(ex);
                e.fail(msg, ex.logTail());
                return new Outcome(e.snapshot, new ServiceException(id, msg, ex.logTail(), ex));
            }
        } finally {
            e.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- stop

    /**
     * Stops one service and waits until it and every worker it forked are gone. Stopping a stopped
     * service succeeds; a FAILED one is reset to STOPPED.
     *
     * @param untilNanos {@link System#nanoTime()} by which whatever still runs is killed (the stop
     *                   ladder cut short); {@link Long#MAX_VALUE}: the ladder runs in full
     */
    Outcome stopEntry(ServiceEntry e, long untilNanos) {
        String id = e.manager.id();
        e.lock.lock();
        try {
            boolean recorded = Files.exists(processes.stateFile(id));
            if (!recorded && processes.find(id).isEmpty()) {
                records.clearLastError(id);
                if (e.snapshot.state() != ServiceState.NOT_INSTALLED) {
                    e.transition(ServiceState.STOPPED, null, null, List.of(), null);
                }
                return new Outcome(e.snapshot, null);
            }
            e.transition(ServiceState.STOPPING, e.snapshot.pid(), null, List.of(), null);
            StopResult result;
            try {
                result = untilNanos == Long.MAX_VALUE ? processes.stop(id)
                        : processes.stop(id, Duration.ofNanos(Math.max(0, untilNanos - System.nanoTime())));
            } catch (RuntimeException ex) {
                String msg = id + " could not be stopped: " + ex.getMessage();
                e.fail(msg, List.of());
                return new Outcome(e.snapshot, new ServiceException(id, msg, List.of(), ex));
            } finally {
                e.manager.afterStop();
            }
            records.clearLastError(id);
            Optional<String> problem = e.manager.stopProblem(result);
            e.transition(ServiceState.STOPPED, null, problem.orElse(null), List.of(), null);
            return new Outcome(e.snapshot, null);
        } finally {
            e.lock.unlock();
        }
    }

    /** The longest first-rung grace period among the running services of {@code ids} (zero when none runs). */
    Duration largestStopGrace(java.util.Collection<String> ids) {
        Duration max = Duration.ZERO;
        for (String id : ids) {
            Optional<ProcessInfo> info = processes.find(id);
            if (info.isPresent() && !info.get().stopPolicy().steps().isEmpty()) {
                Duration grace = info.get().stopPolicy().steps().getFirst().grace();
                max = grace.compareTo(max) > 0 ? grace : max;
            }
        }
        return max;
    }
}
