package dev.stackyard.mailserver;

import java.util.List;

/**
 * What the list and the search show of one message, kept in memory and in its {@code ID.json}
 * beside {@code ID.eml} (so a restart reads no message twice). Immutable; Jackson reads and writes
 * it as the side file.
 *
 * @param id           the store's id ({@link MessageIds})
 * @param created      when the message was received, RFC 3339 in UTC with milliseconds
 * @param size         the raw message's size in bytes
 * @param read         whether it was opened (through the API or the page)
 * @param envelopeFrom MAIL FROM as given ("" for the null sender)
 * @param envelopeTo   RCPT TO, in order
 * @param bcc          envelope recipients that no To or Cc header names
 * @param attachments  how many attachments it has
 */
record StoredMessage(String id, String created, long size, boolean read, String envelopeFrom, List<String> envelopeTo,
                     String messageId, MailAddress from, List<MailAddress> to, List<MailAddress> cc,
                     List<MailAddress> bcc, List<MailAddress> replyTo, String subject, int attachments,
                     String snippet) {

    StoredMessage {
        envelopeTo = List.copyOf(envelopeTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
        replyTo = List.copyOf(replyTo);
    }

    StoredMessage withRead(boolean value) {
        return new StoredMessage(id, created, size, value, envelopeFrom, envelopeTo, messageId, from, to, cc, bcc,
                replyTo, subject, attachments, snippet);
    }

    /** The From header's mailbox, else the envelope sender. */
    MailAddress sender() {
        return from != null ? from : new MailAddress("", envelopeFrom);
    }
}
