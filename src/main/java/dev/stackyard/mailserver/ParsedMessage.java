package dev.stackyard.mailserver;

import java.time.Instant;
import java.util.List;

/**
 * One stored message as its MIME structure says, parsed from its raw {@code .eml} by
 * {@link MimeParser}. Immutable.
 *
 * @param messageId   the Message-ID header without angle brackets, or ""
 * @param from        the first From mailbox, or null when there is none
 * @param date        the Date header, or null when missing or unreadable
 * @param text        the first text/plain part that is not an attachment ("" when none); for a
 *                    message whose MIME structure cannot be read, its body as received
 * @param html        the first text/html part that is not an attachment ("" when none)
 * @param attachments parts with a file name or disposition attachment
 * @param inline      inline parts other than the text and HTML (images a HTML part refers to)
 * @param malformed   the MIME structure could not be read; the message is shown raw
 */
record ParsedMessage(String messageId, MailAddress from, List<MailAddress> to, List<MailAddress> cc,
                     List<MailAddress> replyTo, String subject, Instant date, String text, String html,
                     List<PartInfo> attachments, List<PartInfo> inline, boolean malformed) {

    /**
     * One leaf part.
     *
     * @param partId      its place in the tree, "1", "2.1", ... (Mailpit's PartID)
     * @param fileName    its file name, decoded, or "" when it has none
     * @param contentType its MIME type without parameters
     * @param contentId   its Content-ID without angle brackets, or ""
     * @param size        its decoded size in bytes
     */
    record PartInfo(String partId, String fileName, String contentType, String contentId, long size) {
    }

    /** The first 250 characters of the text (or of the HTML without tags), whitespace collapsed. */
    String snippet() {
        String source = !text.isBlank() ? text : html.replaceAll("(?is)<(style|script)[^>]*>.*?</\\1>", " ")
                .replaceAll("<[^>]*>", " ").replace("&nbsp;", " ");
        String flat = source.replaceAll("\\s+", " ").strip();
        return flat.length() <= 250 ? flat : flat.substring(0, 250) + "...";
    }
}
