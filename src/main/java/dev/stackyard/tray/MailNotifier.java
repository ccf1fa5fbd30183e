package dev.stackyard.tray;

import dev.stackyard.usecase.MailArrivals;
import dev.stackyard.usecase.MailBoxes;
import dev.stackyard.usecase.MailClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Turns new mail into desktop notifications (see {@link MailNotices} for the wording and the
 * rate). Woken only by {@link MailArrivals} (a file added to a mail folder): it then asks that
 * mail service for its newest messages, once, and tells those that arrived since it started and
 * were not told yet. Nothing is read while no mail comes, or while the person turned the notices
 * off ({@code enabled}).
 */
public final class MailNotifier implements MailArrivals.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailNotifier.class);
    /** At most one notice per this long. */
    public static final Duration RATE = Duration.ofSeconds(5);
    /** The newest messages looked at per arrival. */
    static final int NEWEST = 20;
    /** Ids remembered as told, the newest. */
    static final int REMEMBERED = 1000;

    private final MailBoxes mail;
    private final BooleanSupplier enabled;
    private final BiConsumer<String, String> out;
    private final Clock clock;
    private final Instant since;
    private final MailNotices notices;
    private final SequencedSet<String> told = new LinkedHashSet<>();
    /** Made when mail is first held (no thread before any mail came); guarded by {@code notices}. */
    private ScheduledExecutorService timer;
    private boolean closed;

    /**
     * @param enabled whether notices are wanted now (View › Notify on new mail)
     * @param out     shows one notification: (summary, body); must not block
     */
    public MailNotifier(MailBoxes mail, BooleanSupplier enabled, BiConsumer<String, String> out, Clock clock,
                        Duration rate) {
        this.mail = mail;
        this.enabled = enabled;
        this.out = out;
        this.clock = clock;
        this.since = clock.instant();
        this.notices = new MailNotices(rate);
    }

    /** Called on the watcher's thread. */
    @Override
    public void changed(String serviceId, boolean arrived) {
        if (!arrived || !enabled.getAsBoolean()) {
            return;
        }
        List<MailClient.Summary> newest;
        try {
            newest = mail.client(mail.pick(serviceId)).list(0, NEWEST).messages();
        } catch (IOException e) {
            log.debug("new mail of {} not told: {}", serviceId, e.getMessage());
            return;
        }
        synchronized (notices) {
            List<MailClient.Summary> fresh = new ArrayList<>();
            for (MailClient.Summary m : newest) {
                boolean arrivedSince = m.created() == null || !m.created().isBefore(since.minusSeconds(1));
                if (!m.read() && arrivedSince && !told.contains(m.id())) {
                    fresh.add(m);
                    told.add(m.id());
                }
            }
            while (told.size() > REMEMBERED) {
                told.removeFirst();
            }
            notices.arrived(fresh, clock.instant()).ifPresentOrElse(this::show, this::scheduleFlush);
        }
    }

    private void scheduleFlush() {
        notices.flushAt().ifPresent(at -> {
            if (closed) {
                return;
            }
            if (timer == null) {
                timer = Executors.newSingleThreadScheduledExecutor(
                        Thread.ofPlatform().name("stackyard-mail-notices").daemon(true).factory());
            }
            long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
            timer.schedule(this::flush, delay, TimeUnit.MILLISECONDS);
        });
    }

    private void flush() {
        synchronized (notices) {
            notices.flush(clock.instant()).ifPresentOrElse(this::show, this::scheduleFlush);
        }
    }

    private void show(MailNotices.Notice notice) {
        if (enabled.getAsBoolean()) {
            out.accept(notice.summary(), notice.body());
        }
    }

    @Override
    public void close() {
        synchronized (notices) {
            closed = true;
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }
}
