package dev.stackyard.tray;

import dev.stackyard.usecase.MailClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which new mail makes a notification, and how it reads. */
class MailNoticesTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private final MailNotices notices = new MailNotices(Duration.ofSeconds(5));

    private static MailClient.Summary mail(String id, String to, String subject) {
        return new MailClient.Summary(id, id + "@x", false, new MailClient.Address("Shop", "shop@example.com"),
                List.of(new MailClient.Address("", to)), List.of(), subject, T0, 100, 0, "");
    }

    @Test
    void theFirstMessageIsToldAtOnceWithItsRecipientAndSubject() {
        assertEquals(Optional.of(new MailNotices.Notice("To: ann@example.com — Your invoice", "")),
                notices.arrived(List.of(mail("1", "ann@example.com", "Your invoice")), T0));
    }

    @Test
    void severalAtOnceAreOneNoticeSayingHowManyMore() {
        assertEquals(Optional.of(new MailNotices.Notice("To: c@x — third", "and 2 more")),
                notices.arrived(List.of(mail("3", "c@x", "third"), mail("2", "b@x", "second"), mail("1", "a@x", "first")), T0));
    }

    @Test
    void mailWithinTheRateIsHeldAndCountedOnceThePeriodEnds() {
        notices.arrived(List.of(mail("1", "a@x", "first")), T0);
        assertEquals(Optional.empty(), notices.arrived(List.of(mail("2", "b@x", "second")), T0.plusSeconds(1)));
        assertEquals(Optional.empty(), notices.arrived(List.of(mail("3", "c@x", "third")), T0.plusSeconds(2)));
        assertEquals(Optional.of(T0.plusSeconds(5)), notices.flushAt());
        assertEquals(Optional.empty(), notices.flush(T0.plusSeconds(4)));
        assertEquals(Optional.of(new MailNotices.Notice("2 more new messages", "To: c@x — third\nTo: b@x — second")),
                notices.flush(T0.plusSeconds(5)));
        assertEquals(Optional.empty(), notices.flushAt());
        // The count was a notice: the next message within the rate waits again.
        assertEquals(Optional.empty(), notices.arrived(List.of(mail("4", "d@x", "fourth")), T0.plusSeconds(6)));
        assertEquals(Optional.of(new MailNotices.Notice("1 more new message", "To: d@x — fourth")),
                notices.flush(T0.plusSeconds(10)));
    }

    @Test
    void aCountListsTheFirstFewAndCountsTheRest() {
        notices.arrived(List.of(mail("1", "a@x", "first")), T0);
        notices.arrived(List.of(mail("6", "f@x", "6"), mail("5", "e@x", "5"), mail("4", "d@x", "4"), mail("3", "c@x", "3"),
                mail("2", "b@x", "2")), T0.plusSeconds(1));
        assertEquals(Optional.of(new MailNotices.Notice("5 more new messages",
                        "To: f@x — 6\nTo: e@x — 5\nTo: d@x — 4\nand 2 more")), notices.flush(T0.plusSeconds(6)));
    }

    @Test
    void afterTheRateANewMessageIsToldAtOnceAgain() {
        notices.arrived(List.of(mail("1", "a@x", "first")), T0);
        assertEquals(Optional.of(new MailNotices.Notice("To: b@x — (no subject)", "")),
                notices.arrived(List.of(mail("2", "b@x", "")), T0.plusSeconds(5)));
    }
}
