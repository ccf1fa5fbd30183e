package dev.stackyard.app;

import dev.stackyard.ui.ServicesViewModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The window's periodic work while it shows: the refresh, the resource sampling and the log tail
 * of the view model, each on the tick pool. Started when the window shows, stopped when it hides
 * into the tray, shut down for good on quit. {@link #start} and {@link #stop} on the UI thread only.
 */
final class ViewTimers {
    private static final Logger log = LoggerFactory.getLogger(WindowApp.class);
    // How often the open window looks at the world; each tick wakes a thread of an app that sits
    // open all day. The window's own changes and its services' exits arrive as events at once;
    // these only catch what others did (the CLI, an editor, a kill) and what only polling shows.
    /** Changes made outside the window (the CLI): within a second, like `stackyard run`'s refresh. */
    static final long REFRESH_MILLIS = 1000;
    /** CPU, memory and uptime figures: once a second, as top and Docker Desktop show them. */
    static final long STATS_MILLIS = 1000;
    /** New lines of the log shown: twice a second (tail -f looks once a second). */
    static final long LOG_POLL_MILLIS = 500;

    private final ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().name("stackyard-ui-tick-", 0).daemon(true).factory());
    /** The running timers; UI thread only. */
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();

    /** The tick pool, also for one-off waits of the window (the screenshot). */
    ScheduledExecutorService executor() {
        return ticks;
    }

    /** (Re)starts the timers for {@code model}; nothing when there is no model yet or after {@link #shutdown()}. */
    void start(ServicesViewModel model) {
        stop();
        if (model == null || ticks.isShutdown()) {
            return;
        }
        timers.add(schedule("refresh", model::refreshTick, REFRESH_MILLIS));
        timers.add(schedule("resource sampling", model::statsTick, STATS_MILLIS));
        timers.add(schedule("log tail", () -> {
            if (model.servicesShown()) {
                model.log().poll();
            }
        }, LOG_POLL_MILLIS));
    }

    void stop() {
        timers.forEach(t -> t.cancel(false));
        timers.clear();
    }

    /** Ends the tick pool for good (quit). Any thread. */
    void shutdown() {
        ticks.shutdownNow();
    }

    /** Runs {@code task} every {@code millis}; a failure is logged (first, then every 100th) and the task keeps running. */
    private ScheduledFuture<?> schedule(String name, Runnable task, long millis) {
        AtomicLong failures = new AtomicLong();
        return ticks.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                long n = failures.incrementAndGet();
                if (n == 1 || n % 100 == 0) {
                    log.warn("{} failed ({} times so far)", name, n, e);
                }
            }
        }, 0, millis, TimeUnit.MILLISECONDS);
    }
}
