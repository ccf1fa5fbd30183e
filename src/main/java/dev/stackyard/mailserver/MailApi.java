package dev.stackyard.mailserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The JSON answers of the API, shaped like Mailpit's v1 (field names are Mailpit's, so the test
 * helpers written for it work here). Stateless apart from the store; thread-safe.
 */
final class MailApi {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int DEFAULT_LIMIT = 50;

    private final MailStore store;

    MailApi(MailStore store) {
        this.store = store;
    }

    /** {@code GET /api/v1/messages} and {@code GET /api/v1/search}: one page, newest first. */
    Map<String, Object> list(Predicate<StoredMessage> filter, int start, int limit) {
        List<StoredMessage> all = store.newestFirst();
        List<StoredMessage> matching = all.stream().filter(filter).toList();
        List<StoredMessage> page = start >= matching.size() ? List.of()
                : matching.subList(start, Math.min(matching.size(), start + limit));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", all.size());
        out.put("unread", (int) all.stream().filter(m -> !m.read()).count());
        out.put("count", page.size());
        out.put("messages_count", matching.size());
        out.put("start", start);
        out.put("messages", page.stream().map(MailApi::summary).toList());
        return out;
    }

    static Map<String, Object> summary(StoredMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", m.id());
        out.put("MessageID", m.messageId());
        out.put("Read", m.read());
        out.put("From", m.sender().json());
        out.put("To", MailAddress.json(m.to()));
        out.put("Cc", MailAddress.json(m.cc()));
        out.put("Bcc", MailAddress.json(m.bcc()));
        out.put("Subject", m.subject());
        out.put("Created", m.created());
        out.put("Size", m.size());
        out.put("Attachments", m.attachments());
        out.put("Snippet", m.snippet());
        return out;
    }

    /** The stored message {@code id}, or the newest for {@code latest} (as Mailpit). */
    Optional<StoredMessage> find(String id) {
        return "latest".equals(id) ? store.newest() : MessageIds.valid(id) ? store.get(id) : Optional.empty();
    }

    /** {@code GET /api/v1/message/{ID}}: the whole message; marks it read, as Mailpit does. */
    Optional<Map<String, Object>> message(String id) throws IOException {
        Optional<StoredMessage> found = find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredMessage m = found.get();
        ParsedMessage p;
        try {
            p = MimeParser.parse(store.eml(m.id()));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty(); // deleted meanwhile
        }
        store.markRead(List.of(m.id()), true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ID", m.id());
        out.put("MessageID", m.messageId());
        out.put("Read", true);
        out.put("From", m.sender().json());
        out.put("To", MailAddress.json(m.to()));
        out.put("Cc", MailAddress.json(m.cc()));
        out.put("Bcc", MailAddress.json(m.bcc()));
        out.put("ReplyTo", MailAddress.json(m.replyTo()));
        out.put("Subject", m.subject());
        out.put("Date", p.date() != null ? p.date().toString() : m.created());
        out.put("Created", m.created());
        out.put("Text", p.text());
        out.put("HTML", p.html());
        out.put("Size", m.size());
        out.put("Attachments", parts(p.attachments()));
        out.put("Inline", parts(p.inline()));
        return Optional.of(out);
    }

    private static List<Map<String, Object>> parts(List<ParsedMessage.PartInfo> parts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ParsedMessage.PartInfo p : parts) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("PartID", p.partId());
            part.put("FileName", p.fileName());
            part.put("ContentType", p.contentType());
            part.put("ContentID", p.contentId());
            part.put("Size", p.size());
            out.add(part);
        }
        return out;
    }

    /** {@code GET /api/v1/message/{ID}/raw}: the bytes as received. */
    Optional<byte[]> raw(String id) throws IOException {
        Optional<StoredMessage> m = find(id);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(store.eml(m.get().id())));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        }
    }

    /** One part, decoded. */
    record PartContent(String contentType, String fileName, byte[] bytes) {
    }

    /** {@code GET /api/v1/message/{ID}/part/{PartID}}. */
    Optional<PartContent> part(String id, String partId) throws IOException {
        Optional<StoredMessage> m = find(id);
        if (m.isEmpty() || !partId.matches("[0-9]{1,4}(\\.[0-9]{1,4}){0,15}")) {
            return Optional.empty();
        }
        try (MimeParser.Opened opened = MimeParser.open(store.eml(m.get().id()))) {
            MimeMessage message = opened.message();
            Optional<Part> part = MimeParser.part(message, partId);
            if (part.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PartContent(MimeParser.baseType(part.get()), MimeParser.fileName(part.get()),
                    MimeParser.decoded(part.get())));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (MessagingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The {@code IDs} of a request body ({@code {"IDs": [...]}}); empty for no body or no IDs. */
    static List<String> ids(JsonNode body) {
        List<String> out = new ArrayList<>();
        if (body != null && body.has("IDs") && body.get("IDs").isArray()) {
            body.get("IDs").forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** {@code DELETE /api/v1/messages}: the listed messages, or all. */
    int delete(List<String> ids) throws IOException {
        return store.delete(ids);
    }

    /** {@code PUT /api/v1/messages} {@code {"IDs": [...], "Read": true}}: the listed messages, or all. */
    void setRead(List<String> ids, boolean read) throws IOException {
        store.markRead(ids, read);
    }
}
