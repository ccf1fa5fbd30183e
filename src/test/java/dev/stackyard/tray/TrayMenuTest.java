package dev.stackyard.tray;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.stackyard.core.service.ServiceState.FAILED;
import static dev.stackyard.core.service.ServiceState.RUNNING;
import static dev.stackyard.core.service.ServiceState.STARTING;
import static dev.stackyard.core.service.ServiceState.STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The menu's entries and what clicking them runs. */
class TrayMenuTest {
    private final List<String> ran = new ArrayList<>();
    private final TrayActions actions = new TrayActions() {
        @Override
        public void toggle(String serviceId) {
            ran.add("toggle " + serviceId);
        }

        @Override
        public void startAll() {
            ran.add("start all");
        }

        @Override
        public void stopAll() {
            ran.add("stop all");
        }

        @Override
        public void openWindow() {
            ran.add("open");
        }

        @Override
        public void showLog(String serviceId) {
            ran.add("log " + serviceId);
        }

        @Override
        public void quit() {
            ran.add("quit");
        }
    };

    @Test
    void oneEntryPerServiceThenTheAppsCommands() {
        TrayMenu menu = new TrayMenu();
        List<TrayMenu.Entry> e = menu.entries(List.of(Snapshots.of("redis", RUNNING), Snapshots.of("pg", STOPPED),
                Snapshots.of("web", STARTING), Snapshots.of("php", FAILED)));
        assertEquals(List.of("redis — running redis 7.0 (click to stop)", "pg — stopped (click to start)",
                        "web — starting (click to stop)", "php — failed (click to start)", "", "Start all", "Stop all", "",
                        "Open Stackyard", "Quit"),
                e.stream().map(TrayMenu.Entry::label).toList());
        assertTrue(e.get(5).enabled() && e.get(6).enabled());
    }

    @Test
    void startAllIsDisabledWhenEverythingRuns() {
        List<TrayMenu.Entry> e = new TrayMenu().entries(List.of(Snapshots.of("redis", RUNNING)));
        assertFalse(e.stream().filter(x -> x.id() == TrayMenu.START_ALL).findFirst().orElseThrow().enabled());
    }

    @Test
    void clickingRunsTheCommands() {
        TrayMenu menu = new TrayMenu();
        List<TrayMenu.Entry> e = menu.entries(List.of(Snapshots.of("redis", RUNNING)));
        assertTrue(menu.activate(e.getFirst().id(), e, actions));
        for (int id : new int[] {TrayMenu.START_ALL, TrayMenu.STOP_ALL, TrayMenu.OPEN, TrayMenu.QUIT}) {
            assertTrue(menu.activate(id, e, actions));
        }
        assertFalse(menu.activate(999, e, actions));
        assertEquals(List.of("toggle redis", "start all", "stop all", "open", "quit"), ran);
    }

    @Test
    void idsStayWithTheirServiceSoOnlyLabelsChange() {
        TrayMenu menu = new TrayMenu();
        List<TrayMenu.Entry> before = menu.entries(List.of(Snapshots.of("redis", RUNNING), Snapshots.of("pg", STOPPED)));
        List<TrayMenu.Entry> after = menu.entries(List.of(Snapshots.of("redis", STOPPED), Snapshots.of("pg", STOPPED)));
        assertTrue(TrayMenu.sameShape(before, after));
        List<TrayMenu.Entry> changed = TrayMenu.changed(before, after);
        assertEquals(List.of("redis — stopped (click to start)", "Stop all"),
                changed.stream().map(TrayMenu.Entry::label).toList());
        List<TrayMenu.Entry> fewer = menu.entries(List.of(Snapshots.of("pg", STOPPED)));
        assertFalse(TrayMenu.sameShape(after, fewer));
        assertEquals(after.get(1).id(), fewer.getFirst().id());
    }
}
