package dev.stackyard.tray;

import dev.stackyard.usecase.MailClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides when new mail is worth a desktop notification, and words it: "To: ann@example.com —
 * Your invoice" (with "and 2 more" when several came at once). At most one per {@code rate}: mail
 * that arrives sooner is held, and one notice when the period ends counts it ("2 more new
 * messages", with the first few of them).
 *
 * <p>Not thread-safe: the owner serialises calls.
 */
public final class MailNotices {
    /** Lines of held messages a count notice lists. */
    static final int LISTED = 3;

    /** One notification. */
    public record Notice(String summary, String body) {
    }

    private final Duration rate;
    private Instant last;
    private final List<MailClient.Summary> held = new ArrayList<>();

    public MailNotices(Duration rate) {
        this.rate = rate;
    }

    /**
     * New messages (newest first) arrived: the notice to show now, or empty when one was shown
     * less than the rate ago (they are held for {@link #flush}).
     */
    public Optional<Notice> arrived(List<MailClient.Summary> fresh, Instant now) {
        if (fresh.isEmpty()) {
            return Optional.empty();
        }
        if (last != null && Duration.between(last, now).compareTo(rate) < 0 || !held.isEmpty()) {
            held.addAll(0, fresh);
            return Optional.empty();
        }
        last = now;
        String body = fresh.size() == 1 ? "" : "and " + (fresh.size() - 1) + " more";
        return Optional.of(new Notice(line(fresh.getFirst()), body));
    }

    /** When held messages should be told ({@link #flush}), if any are held. */
    public Optional<Instant> flushAt() {
        return held.isEmpty() ? Optional.empty() : Optional.of(last.plus(rate));
    }

    /** The count of the held messages, once the rate allows a notice; empty when none is held or it is too early. */
    public Optional<Notice> flush(Instant now) {
        if (held.isEmpty() || Duration.between(last, now).compareTo(rate) < 0) {
            return Optional.empty();
        }
        last = now;
        String summary = held.size() == 1 ? "1 more new message" : held.size() + " more new messages";
        String body = held.stream().limit(LISTED).map(MailNotices::line).collect(Collectors.joining("\n"));
        if (held.size() > LISTED) {
            body += "\nand " + (held.size() - LISTED) + " more";
        }
        held.clear();
        return Optional.of(new Notice(summary, body));
    }

    /** "To: ann@example.com — Your invoice". */
    static String line(MailClient.Summary m) {
        String to = m.to().isEmpty() ? "(no recipient)" : m.to().getFirst().address()
                + (m.to().size() > 1 ? " +" + (m.to().size() - 1) : "");
        return "To: " + to + " — " + (m.subject().isBlank() ? "(no subject)" : m.subject());
    }
}
