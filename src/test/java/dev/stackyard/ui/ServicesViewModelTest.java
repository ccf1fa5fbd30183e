package dev.stackyard.ui;

import dev.stackyard.config.ConfigException;
import dev.stackyard.config.ConfigProblem;
import dev.stackyard.core.process.ProcessStats;
import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceSnapshot;
import dev.stackyard.core.service.ServiceState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main view model against a fake registry, with the inline UI executor: no toolkit. */
class ServicesViewModelTest {
    private final FakeStack stack = new FakeStack();
    private final Recorders.Errors errors = new Recorders.Errors();
    private final Recorders.Desktop desktop = new Recorders.Desktop();
    private final Map<Long, ProcessStats.TreeSample> samples = new HashMap<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void services() {
        stack.add("web", ServiceKind.named("nginx"), ServiceState.STOPPED, 8080)
                .add("cache", ServiceKind.named("redis"), ServiceState.STOPPED, 6379)
                .add("pg", ServiceKind.named("postgres"), ServiceState.RUNNING, 5432)
                .add("worker", ServiceKind.named("process"), ServiceState.NOT_INSTALLED, null);
    }

    private ServicesViewModel model(Executor background) {
        ServicesViewModel vm = new ServicesViewModel(stack, UiExecutor.inline(), background, desktop, errors,
                new Recorders.Ports(), roots -> {
                    Map<Long, ProcessStats.TreeSample> out = new HashMap<>();
                    roots.forEach(pid -> {
                        if (samples.containsKey(pid)) {
                            out.put(pid, samples.get(pid));
                        }
                    });
                    return out;
                }, clock);
        vm.attach();
        return vm;
    }

    private ServicesViewModel model() {
        return model(Runnable::run);
    }

    private static ServiceRowViewModel row(ServicesViewModel vm, String id) {
        return vm.rows().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void everyConfiguredServiceIsARowInConfigOrder() {
        ServicesViewModel vm = model();
        assertEquals(List.of("web", "cache", "pg", "worker"), vm.rows().stream().map(ServiceRowViewModel::id).toList());
        ServiceRowViewModel pg = row(vm, "pg");
        assertEquals(ServiceState.RUNNING, pg.state());
        assertEquals("4242", pg.pidProperty().get());
        assertEquals("5432", pg.portProperty().get());
        assertEquals("postgres 7.0", pg.kindAndVersionProperty().get());
        assertEquals("process", row(vm, "worker").kindAndVersionProperty().get());
        assertEquals("", row(vm, "worker").portProperty().get());
    }

    @Test
    void startIsPendingUntilTheRegistryAnswersSoASecondClickSendsNothing() {
        Recorders.HeldExecutor held = new Recorders.HeldExecutor();
        ServicesViewModel vm = model(held);
        ServiceRowViewModel cache = row(vm, "cache");

        vm.start(cache);
        assertTrue(cache.pendingProperty().get());
        assertFalse(cache.actions().start());
        assertFalse(cache.actions().stop());
        vm.start(cache); // a double click
        assertEquals(1, held.tasks.size());

        held.runAll();
        assertFalse(cache.pendingProperty().get());
        assertEquals(ServiceState.RUNNING, cache.state());
        assertEquals(List.of("start cache"), stack.calls);
        assertTrue(cache.actions().stop() && cache.actions().restart() && !cache.actions().start());
        assertTrue(vm.statusProperty().get().contains("cache"), vm.statusProperty().get());
    }

    @Test
    void changesFromTheRegistryListenerReachTheRow() {
        ServicesViewModel vm = model();
        stack.set("cache", ServiceState.STARTING, null, null, List.of());
        assertEquals(ServiceState.STARTING, row(vm, "cache").state());
        assertEquals(RowActions.of(ServiceKind.named("redis"), ServiceState.STARTING, false, true), row(vm, "cache").actions());
        stack.set("cache", ServiceState.RUNNING, 77L, null, List.of());
        assertEquals("77", row(vm, "cache").pidProperty().get());
    }

    @Test
    void aSnapshotOlderThanTheShownOneIsIgnored() {
        ServicesViewModel vm = model();
        ServiceSnapshot stale = stack.services.get("cache");
        stack.set("cache", ServiceState.STARTING, null, null, List.of());
        stack.set("cache", ServiceState.RUNNING, 77L, null, List.of());
        // The periodic refresh read "STOPPED" before the start and handed it over late.
        vm.applyAll(List.of(stack.services.get("web"), stale, stack.services.get("pg"), stack.services.get("worker")));
        assertEquals(ServiceState.RUNNING, row(vm, "cache").state());
    }

    @Test
    void refreshTickPicksUpWhatTheCliChangedWithoutAListenerEvent() {
        ServicesViewModel vm = model();
        ServiceSnapshot pg = stack.services.get("pg");
        // Stopped from the command line: the registry notices on refresh.
        stack.services.put("pg", new ServiceSnapshot("pg", pg.kind(), pg.version(), ServiceState.STOPPED, null,
                pg.port(), pg.pidFile(), pg.logFile(), pg.url(), null, List.of(), null, stack.tick()));
        vm.refreshTick();
        assertEquals(List.of("refresh"), stack.calls);
        assertEquals(ServiceState.STOPPED, row(vm, "pg").state());
        assertEquals("", row(vm, "pg").pidProperty().get());
    }

    @Test
    void failedServiceShowsItsReasonInTheRowAndItsLogTailAsDetails() {
        stack.failStart.put("cache", "cache cannot start: port 6379 is already in use by PID 9 (nc); stop that program or choose another port");
        ServicesViewModel vm = model();
        ServiceRowViewModel cache = row(vm, "cache");
        vm.start(cache);
        assertEquals(ServiceState.FAILED, cache.state());
        assertTrue(cache.problemProperty().get().contains("port 6379 is already in use"));
        assertTrue(cache.hasDetailsProperty().get());
        assertTrue(cache.actions().start(), "a failed service can be started again");
        UserError details = vm.details(cache);
        assertEquals(cache.problemProperty().get(), details.summary());
        assertTrue(details.details().contains("log line 2"));
        assertTrue(errors.reported.isEmpty(), "a failed start is shown in its row, not in a dialog");
    }

    @Test
    void aFirstStartShowsInitdbProgressUntilItRuns() {
        stack.services.put("pg", FakeStack.snapshot("pg", ServiceKind.named("postgres"), ServiceState.STOPPED, 5432, stack.tick()));
        ServicesViewModel vm = model();
        ServiceRowViewModel pg = row(vm, "pg");
        stack.set("pg", ServiceState.STARTING, null, null, List.of(), "initdb: creating the cluster in /data/pg");
        assertEquals("initdb: creating the cluster in /data/pg", pg.progressProperty().get());
        stack.set("pg", ServiceState.STARTING, null, null, List.of(), "initdb: setting the password");
        assertEquals("initdb: setting the password", pg.progressProperty().get());
        stack.set("pg", ServiceState.RUNNING, 555L, null, List.of());
        assertEquals("", pg.progressProperty().get());
        assertEquals("555", pg.pidProperty().get());
    }

    @Test
    void startAllStartsOnlyWhatCanStart() {
        stack.set("web", ServiceState.FAILED, null, "boom", List.of());
        ServicesViewModel vm = model();
        assertTrue(vm.canStartAllProperty().get());
        vm.startAll();
        assertEquals("start web,cache", stack.calls.getFirst());
        assertFalse(vm.canStartAllProperty().get());
        assertTrue(vm.canStopAllProperty().get());
    }

    @Test
    void stopAllStopsEveryServiceIncludingAdoptedOnes() {
        ServicesViewModel vm = model();
        vm.stopAll();
        assertEquals(List.of("stopAll"), stack.calls);
        assertEquals(ServiceState.STOPPED, row(vm, "pg").state());
        assertFalse(vm.canStopAllProperty().get());
    }

    @Test
    void autostartStartsTheConfiguredServicesAndReportsWhenDone() {
        stack.autostart.addAll(List.of("cache", "web"));
        ServicesViewModel vm = model();
        List<String> done = new ArrayList<>();
        vm.startAutostart(outcomes -> done.addAll(outcomes.keySet()));
        assertEquals(List.of("start cache,web"), stack.calls);
        assertEquals(List.of("cache", "web"), done);
        assertEquals(ServiceState.RUNNING, row(vm, "web").state());
    }

    @Test
    void noFiguresAreSampledWhileAnotherTabShows() {
        ServicesViewModel vm = model();
        Instant started = clock.instant().minusSeconds(125);
        samples.put(4242L, new ProcessStats.TreeSample(4242, 99, 3, 1_000, 12 * 1024 * 1024, started, 0));
        vm.setServicesShown(false);
        vm.statsTick();
        assertEquals("", row(vm, "pg").memoryProperty().get(), "sampled while the Sites tab showed");

        vm.setServicesShown(true);
        vm.statsTick();
        assertEquals("12.0 MiB", row(vm, "pg").memoryProperty().get());
    }

    @Test
    void statsShowCpuFromTwoSamplesAndMemoryAndUptimeOfTheTree() {
        ServicesViewModel vm = model();
        Instant started = clock.instant().minusSeconds(125);
        samples.put(4242L, new ProcessStats.TreeSample(4242, 99, 3, 1_000, 12 * 1024 * 1024, started, 0));
        vm.statsTick();
        ServiceRowViewModel pg = row(vm, "pg");
        assertEquals("", pg.cpuProperty().get(), "one sample says nothing about CPU");
        assertEquals("12.0 MiB", pg.memoryProperty().get());
        assertEquals("2m", pg.uptimeProperty().get());

        samples.put(4242L, new ProcessStats.TreeSample(4242, 99, 3, 1_050, 12 * 1024 * 1024, started,
                TimeUnit.SECONDS.toNanos(1)));
        vm.statsTick();
        assertEquals("50.0 %", pg.cpuProperty().get());
        assertEquals("", row(vm, "cache").memoryProperty().get(), "a stopped service has no figures");
    }

    @Test
    void aStatsSampleThatChangesNothingVisibleLeavesTheUiThreadAsleep() {
        List<Runnable> handedOver = new ArrayList<>();
        ServicesViewModel vm = new ServicesViewModel(stack, action -> {
            handedOver.add(action);
            action.run();
        }, Runnable::run, desktop, errors, new Recorders.Ports(),
                roots -> roots.stream().filter(samples::containsKey).collect(Collectors.toMap(pid -> pid, samples::get)), clock);
        vm.attach();
        Instant started = clock.instant().minusSeconds(125);
        long second = TimeUnit.SECONDS.toNanos(1);
        samples.put(4242L, new ProcessStats.TreeSample(4242, 99, 3, 1_000, 12 * 1024 * 1024, started, 0));
        vm.statsTick();
        samples.put(4242L, new ProcessStats.TreeSample(4242, 99, 3, 1_000, 12 * 1024 * 1024, started, second));
        vm.statsTick(); // no CPU used since the first sample: 0.0 %
        assertEquals("0.0 %", row(vm, "pg").cpuProperty().get());
        int handOvers = handedOver.size();

        samples.put(4242L, new ProcessStats.TreeSample(4242, 99, 3, 1_000, 12 * 1024 * 1024, started, 2 * second));
        vm.statsTick(); // nothing a person sees changes
        assertEquals(handOvers, handedOver.size(), "no hand-over to the UI thread for an unchanged picture");

        samples.put(4242L, new ProcessStats.TreeSample(4242, 99, 3, 1_000, 20 * 1024 * 1024, started, 3 * second));
        vm.statsTick();
        assertEquals(handOvers + 1, handedOver.size());
        assertEquals("20.0 MiB", row(vm, "pg").memoryProperty().get());
    }

    @Test
    void figuresVanishWhenTheServiceStops() {
        ServicesViewModel vm = model();
        samples.put(4242L, new ProcessStats.TreeSample(4242, 99, 3, 1_000, 2048, clock.instant(), 0));
        vm.statsTick();
        assertFalse(row(vm, "pg").memoryProperty().get().isEmpty());
        stack.set("pg", ServiceState.STOPPING, 4242L, null, List.of());
        assertEquals("", row(vm, "pg").memoryProperty().get());
        assertEquals("", row(vm, "pg").uptimeProperty().get());
    }

    @Test
    void copyUrlPutsTheSnapshotsUrlIncludingThePasswordOnTheClipboard() {
        ServicesViewModel vm = model();
        vm.copyUrl(row(vm, "pg"));
        assertEquals(List.of("postgresql://stackyard:secret@127.0.0.1:5432/postgres"), desktop.copied);
    }

    @Test
    void openInBrowserOnlyForARunningNginx() {
        ServicesViewModel vm = model();
        vm.openInBrowser(row(vm, "web"));
        assertTrue(desktop.opened.isEmpty(), "nginx is stopped");
        vm.start(row(vm, "web"));
        vm.openInBrowser(row(vm, "web"));
        vm.openInBrowser(row(vm, "pg"));
        assertEquals(List.of("http://127.0.0.1:8080"), desktop.opened);
    }

    @Test
    void removeKeepsDataUnlessAskedAndTheRowGoesWithTheRebuiltRegistry() {
        ServicesViewModel vm = model();
        ServiceRowViewModel cache = row(vm, "cache");
        vm.remove(row(vm, "pg"), false);
        assertEquals(List.of("remove pg"), stack.calls);
        assertEquals(List.of("web", "cache", "worker"), vm.rows().stream().map(ServiceRowViewModel::id).toList());
        assertSame(cache, row(vm, "cache"), "rows are kept across a rebuild");
    }

    @Test
    void removeWithDeleteDataAsksForIt() {
        ServicesViewModel vm = model();
        vm.remove(row(vm, "pg"), true);
        assertEquals(List.of("remove pg --delete-data"), stack.calls);
    }

    @Test
    void onlyInstancesOfKindsThatTakeSeveralCanBeRemoved() {
        ServicesViewModel vm = model();
        vm.remove(row(vm, "web"), false);
        vm.remove(row(vm, "worker"), false);
        assertTrue(stack.calls.isEmpty());
        vm.remove(row(vm, "cache"), false);
        assertEquals(List.of("remove cache"), stack.calls);
    }

    @Test
    void aRefusedConfigEditIsReportedAndTheRowStays() {
        stack.configProblem = new ConfigException(Path.of("/x/stackyard.yaml"),
                List.of(new ConfigProblem("services[1].php", 7, "names 'pg', which is being removed")));
        ServicesViewModel vm = model();
        vm.remove(row(vm, "pg"), false);
        assertEquals(1, errors.reported.size());
        assertTrue(errors.reported.getFirst().summary().contains("pg was not removed"));
        assertTrue(errors.reported.getFirst().details().contains("services[1].php"));
        assertFalse(row(vm, "pg").pendingProperty().get());
    }

    @Test
    void anUnexpectedFailureIsReportedOnceWithItsCauseAndClearsPending() {
        stack.unexpected = new IllegalStateException("disk on fire");
        ServicesViewModel vm = model();
        vm.start(row(vm, "cache"));
        assertEquals(1, errors.reported.size());
        UserError e = errors.reported.getFirst();
        assertTrue(e.summary().startsWith("Could not start cache"), e.summary());
        assertSame(stack.unexpected, e.cause());
        assertTrue(e.details().contains("disk on fire"));
        assertFalse(row(vm, "cache").pendingProperty().get());
    }

    @Test
    void invalidConfigOnReloadIsReportedWithWhatToFix() {
        stack.configProblem = new ConfigException(Path.of("/x/stackyard.yaml"),
                List.of(new ConfigProblem("services[0].port", 4, "70000 is not a port")));
        ServicesViewModel vm = model();
        vm.reload();
        UserError e = errors.reported.getFirst();
        assertTrue(e.summary().contains("stackyard.yaml is not valid"), e.summary());
        assertTrue(e.advice().contains("Reload"), e.advice());
        assertTrue(e.details().contains("services[0].port"), e.details());
    }

    @Test
    void selectingARowShowsItsLogAndDeselectingClearsIt() {
        ServicesViewModel vm = model();
        vm.selectedProperty().set(row(vm, "cache"));
        assertEquals("Log of cache", vm.log().titleProperty().get());
        assertEquals("/tmp/cache.log", vm.log().fileProperty().get());
        vm.selectedProperty().set(null);
        assertEquals("", vm.log().fileProperty().get());
    }

    @Test
    void quittingDisablesTheToolbar() {
        ServicesViewModel vm = model();
        assertTrue(vm.canStopAllProperty().get());
        vm.beginQuit();
        assertTrue(vm.quittingProperty().get());
        assertFalse(vm.canStopAllProperty().get());
        assertFalse(vm.canStartAllProperty().get());
    }

    @Test
    void aReloadAddsAndDropsRowsKeepingTheOthers() {
        ServicesViewModel vm = model();
        ServiceRowViewModel web = row(vm, "web");
        stack.services.remove("worker");
        stack.add("pg2", ServiceKind.named("postgres"), ServiceState.STOPPED, 5433);
        stack.reloaded();
        assertEquals(List.of("web", "cache", "pg", "pg2"), vm.rows().stream().map(ServiceRowViewModel::id).toList());
        assertSame(web, row(vm, "web"));
    }

    @Test
    void aConfigFileThatNoLongerValidatesShowsItsProblemsUntilFixed() {
        ServicesViewModel vm = model();
        assertEquals("", vm.configProblemProperty().get());
        List<String> before = vm.rows().stream().map(ServiceRowViewModel::id).toList();
        stack.configChecked(new ConfigException(Path.of("/x/stackyard.yaml"),
                List.of(new ConfigProblem("services[2].port", 9, "70000 is not a port"))));
        String banner = vm.configProblemProperty().get();
        assertTrue(banner.contains("services[2].port"), banner);
        assertTrue(banner.contains("9"), "names the line: " + banner);
        assertEquals(before, vm.rows().stream().map(ServiceRowViewModel::id).toList(), "rows left alone");
        stack.configChecked(null);
        assertEquals("", vm.configProblemProperty().get());
    }

    @Test
    void aRunningServiceWithAChangedDefinitionSaysARestartAppliesIt() {
        ServicesViewModel vm = model();
        stack.set("cache", ServiceState.RUNNING, 4242L, null, List.of());
        assertEquals("", row(vm, "cache").noticeProperty().get());
        stack.pendingRestart("cache", true);
        assertEquals(ServiceRowViewModel.PENDING_RESTART, row(vm, "cache").noticeProperty().get());
        stack.pendingRestart("cache", false);
        assertEquals("", row(vm, "cache").noticeProperty().get());
    }
}
