package dev.stackyard.mailserver;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.SharedFileInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads a stored message's MIME structure with Jakarta Mail (Angus): leniently, as a catcher must
 * (UTF-8 headers allowed, addresses not checked strictly). A structure it cannot read makes a
 * {@link ParsedMessage#malformed()} message whose text is its body as received. Thread-safe.
 */
final class MimeParser {
    private static final Session SESSION;

    static {
        Properties props = new Properties();
        props.setProperty("mail.mime.allowutf8", "true");
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.decodetext.strict", "false");
        props.setProperty("mail.mime.decodefilename", "true");
        props.setProperty("mail.mime.parameters.strict", "false");
        props.setProperty("mail.mime.multipart.allowempty", "true");
        SESSION = Session.getInstance(props);
    }

    private MimeParser() {
    }

    /**
     * A message read from its file in place: its parts are windows on the file
     * ({@link SharedFileInputStream}), so a 25 MiB attachment is never held in memory whole. Close
     * it when done with the message and its parts.
     */
    record Opened(MimeMessage message, SharedFileInputStream file) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    static Opened open(Path eml) throws IOException {
        SharedFileInputStream in = new SharedFileInputStream(eml.toFile());
        try {
            return new Opened(new MimeMessage(SESSION, in), in);
        } catch (MessagingException | RuntimeException e) {
            in.close();
            throw new IOException("cannot read " + eml + ": " + e.getMessage(), e);
        }
    }

    static ParsedMessage parse(Path eml) throws IOException {
        try (Opened opened = open(eml)) {
            return parse(eml, opened.message());
        }
    }

    private static ParsedMessage parse(Path eml, MimeMessage m) throws IOException {
        String messageId = header(m, "Message-ID").replaceAll("^\\s*<|>\\s*$", "");
        List<MailAddress> from = MailAddress.parse(header(m, "From"));
        String subject;
        try {
            subject = m.getSubject();
        } catch (MessagingException e) {
            subject = header(m, "Subject");
        }
        Instant date = null;
        try {
            date = m.getSentDate() == null ? null : m.getSentDate().toInstant();
        } catch (MessagingException e) {
            // No readable Date: the API shows the receive time instead.
        }
        Walk walk = new Walk();
        boolean malformed = false;
        try {
            walk.part(m, "");
        } catch (MessagingException | IOException | RuntimeException e) {
            malformed = true;
            walk = new Walk();
            walk.text = rawBody(eml);
        }
        return new ParsedMessage(messageId, from.isEmpty() ? null : from.getFirst(), MailAddress.parse(header(m, "To")),
                MailAddress.parse(header(m, "Cc")), MailAddress.parse(header(m, "Reply-To")),
                subject == null ? "" : subject, date, walk.text == null ? "" : walk.text,
                walk.html == null ? "" : walk.html, walk.attachments, walk.inline, malformed);
    }

    /** The part {@code partId} ("1", "2.1"; "1" is the whole body of a single-part message), or empty. */
    static Optional<Part> part(MimeMessage m, String partId) throws IOException {
        try {
            Part current = m;
            for (String step : partId.split("\\.")) {
                int index = Integer.parseInt(step) - 1;
                if (current.isMimeType("multipart/*") && current.getContent() instanceof Multipart mp) {
                    if (index < 0 || index >= mp.getCount()) {
                        return Optional.empty();
                    }
                    current = mp.getBodyPart(index);
                } else if (current == m && index == 0) {
                    return Optional.of(m);
                } else {
                    return Optional.empty();
                }
            }
            return Optional.of(current);
        } catch (NumberFormatException e) {
            return Optional.empty();
        } catch (MessagingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The MIME type without parameters, lower case; application/octet-stream when unreadable. */
    static String baseType(Part p) {
        try {
            return new ContentType(p.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "application/octet-stream";
        }
    }

    /** The decoded file name, or "". */
    static String fileName(Part p) {
        try {
            String name = p.getFileName();
            return name == null ? "" : MimeUtility.decodeText(name);
        } catch (MessagingException | IOException | RuntimeException e) {
            return "";
        }
    }

    private static String header(MimeMessage m, String name) {
        try {
            String value = m.getHeader(name, ", ");
            return value == null ? "" : value;
        } catch (MessagingException e) {
            return "";
        }
    }

    /** Everything after the first empty line, as UTF-8 (replacing what is not). */
    private static String rawBody(Path eml) throws IOException {
        String raw = new String(Files.readAllBytes(eml), StandardCharsets.UTF_8);
        int crlf = raw.indexOf("\r\n\r\n");
        int lf = raw.indexOf("\n\n");
        if (crlf >= 0 && (lf < 0 || crlf < lf)) {
            return raw.substring(crlf + 4);
        }
        return lf >= 0 ? raw.substring(lf + 2) : raw;
    }

    /** The tree walk: text, HTML, attachments and inline parts, in document order. */
    private static final class Walk {
        String text;
        String html;
        final List<ParsedMessage.PartInfo> attachments = new ArrayList<>();
        final List<ParsedMessage.PartInfo> inline = new ArrayList<>();

        void part(Part p, String id) throws MessagingException, IOException {
            if (p.isMimeType("multipart/*")) {
                Object content = p.getContent();
                if (!(content instanceof Multipart mp)) {
                    throw new MessagingException("unreadable multipart");
                }
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart child = mp.getBodyPart(i);
                    part(child, id.isEmpty() ? Integer.toString(i + 1) : id + "." + (i + 1));
                }
                return;
            }
            String partId = id.isEmpty() ? "1" : id;
            String disposition = disposition(p);
            String name = fileName(p);
            boolean attachment = Part.ATTACHMENT.equals(disposition) || (!name.isEmpty() && !Part.INLINE.equals(disposition));
            if (!attachment && name.isEmpty() && p.isMimeType("text/plain") && text == null) {
                text = text(p);
            } else if (!attachment && name.isEmpty() && p.isMimeType("text/html") && html == null) {
                html = text(p);
            } else {
                String contentId = "";
                if (p instanceof jakarta.mail.internet.MimePart mp && mp.getContentID() != null) {
                    contentId = mp.getContentID().replaceAll("^\\s*<|>\\s*$", "");
                }
                ParsedMessage.PartInfo info = new ParsedMessage.PartInfo(partId, name, baseType(p), contentId, size(p));
                (attachment ? attachments : inline).add(info);
            }
        }

        private static String disposition(Part p) {
            try {
                String d = p.getDisposition();
                return d == null ? "" : d.toLowerCase(Locale.ROOT);
            } catch (MessagingException e) {
                return "";
            }
        }

        /** A text part decoded with its charset; UTF-8 when the charset is unknown or missing. */
        private static String text(Part p) throws MessagingException, IOException {
            byte[] bytes = decoded(p);
            Charset charset = StandardCharsets.UTF_8;
            try {
                String name = new ContentType(p.getContentType()).getParameter("charset");
                if (name != null && Charset.isSupported(MimeUtility.javaCharset(name))) {
                    charset = Charset.forName(MimeUtility.javaCharset(name));
                }
            } catch (ParseException | RuntimeException e) {
                // Unknown or unreadable charset: UTF-8, replacing what is not.
            }
            return new String(bytes, charset);
        }

        private static long size(Part p) throws MessagingException, IOException {
            try (InputStream in = p.getInputStream()) {
                return in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }

    static byte[] decoded(Part p) throws MessagingException, IOException {
        try (InputStream in = p.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
