package dev.stackyard.usecase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import dev.stackyard.core.json.JsonText;

/**
 * A client of one mail service's HTTP API (the Mailpit v1 shape: {@code api/v1/messages},
 * {@code api/v1/message/ID}, {@code .../raw}, {@code .../part/PART}), for the Mail tab, new-mail
 * notices and {@code stackyard mail}. Every call blocks on the network: never on the UI thread.
 * Thread-safe; the HTTP client (and its thread) is made on the first request and lives until
 * {@link #close()}.
 */
public final class MailClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /** A sender or recipient; {@code name} is empty when the header gave none. */
    public record Address(String name, String address) {
        /** "Ann <ann@example.com>", or the address alone. */
        public String display() {
            return name.isBlank() ? address : name + " <" + address + ">";
        }
    }

    /** One message of the list, newest first. */
    public record Summary(String id, String messageId, boolean read, Address from, List<Address> to, List<Address> cc,
                          String subject, Instant created, long size, int attachments, String snippet) {
    }

    /** A page of the list: {@code total} messages in the mailbox, {@code unread} of them unread. */
    public record Page(int total, int unread, int start, List<Summary> messages) {
    }

    /** An attachment (or inline part) of a message. */
    public record Attachment(String partId, String fileName, String contentType, long size) {
    }

    /** One message as the API gives it (reading it marks it read). */
    public record Message(String id, String messageId, Address from, List<Address> to, List<Address> cc,
                          List<Address> bcc, List<Address> replyTo, String subject, Instant date, String text,
                          String html, long size, List<Attachment> attachments, List<Attachment> inline) {
    }

    private final String service;
    private final URI api;
    private final AtomicLong requests;
    private HttpClient http;

    /**
     * @param service  the mail service's id, for messages
     * @param api      the API's base ({@code http://127.0.0.1:8025/})
     * @param requests counts every request this client makes (shared by a {@link MailBoxes})
     */
    public MailClient(String service, URI api, AtomicLong requests) {
        this.service = service;
        this.api = api;
        this.requests = requests;
    }

    public String service() {
        return service;
    }

    public URI api() {
        return api;
    }

    /** The mail service's own page of one message, for the browser ("Open HTML"). */
    public URI viewPage(String id) {
        return api.resolve("view/" + encode(id));
    }

    /** Messages {@code start} to {@code start + limit - 1}, newest first. */
    public Page list(int start, int limit) throws IOException {
        JsonNode page = json(get("api/v1/messages?start=" + start + "&limit=" + limit), "the message list");
        List<Summary> messages = new ArrayList<>();
        for (JsonNode m : page.path("messages")) {
            messages.add(new Summary(m.path("ID").asText(), m.path("MessageID").asText(""), m.path("Read").asBoolean(),
                    address(m.path("From")), addresses(m.path("To")), addresses(m.path("Cc")), m.path("Subject").asText(""),
                    time(m.path("Created")), m.path("Size").asLong(), attachmentCount(m.path("Attachments")),
                    m.path("Snippet").asText("")));
        }
        return new Page(page.path("total").asInt(messages.size()), page.path("unread").asInt(0),
                page.path("start").asInt(start), List.copyOf(messages));
    }

    /** One message, which the service then counts as read. */
    public Message message(String id) throws IOException {
        JsonNode m = json(get("api/v1/message/" + encode(id)), "message " + id);
        return new Message(m.path("ID").asText(id), m.path("MessageID").asText(""), address(m.path("From")),
                addresses(m.path("To")), addresses(m.path("Cc")), addresses(m.path("Bcc")), addresses(m.path("ReplyTo")),
                m.path("Subject").asText(""), time(m.path("Date")), m.path("Text").asText(""), m.path("HTML").asText(""),
                m.path("Size").asLong(), attachments(m.path("Attachments")), attachments(m.path("Inline")));
    }

    /** The message's source as it was received. */
    public byte[] raw(String id) throws IOException {
        return get("api/v1/message/" + encode(id) + "/raw");
    }

    /** One part (an attachment) of a message, decoded. */
    public byte[] part(String id, String partId) throws IOException {
        return get("api/v1/message/" + encode(id) + "/part/" + encode(partId));
    }

    /** Deletes these messages. */
    public void delete(List<String> ids) throws IOException {
        ObjectNode body = JsonText.object();
        ArrayNode list = body.putArray("IDs");
        ids.forEach(list::add);
        send(HttpRequest.newBuilder(api.resolve("api/v1/messages")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(JsonText.compact(body))).build(), "deleting messages");
    }

    /** Deletes every message of the mailbox. */
    public void deleteAll() throws IOException {
        send(HttpRequest.newBuilder(api.resolve("api/v1/messages")).timeout(REQUEST_TIMEOUT).DELETE().build(),
                "deleting every message");
    }

    private byte[] get(String path) throws IOException {
        return send(HttpRequest.newBuilder(api.resolve(path)).timeout(REQUEST_TIMEOUT).GET().build(), path);
    }

    private byte[] send(HttpRequest request, String what) throws IOException {
        requests.incrementAndGet();
        HttpResponse<byte[]> response;
        try {
            response = client().send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new MailException("the mail service " + service + " did not answer at " + api + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailException("interrupted while asking the mail service " + service, e);
        }
        if (response.statusCode() == 404) {
            throw new MailException.NotFound("the mail service " + service + " has no " + what
                    + " (it was deleted, or is older than its keep limit)");
        }
        if (response.statusCode() / 100 != 2) {
            throw new MailException("the mail service " + service + " answered " + response.statusCode() + " to " + what
                    + ": " + new String(response.body(), StandardCharsets.UTF_8).strip(), null);
        }
        return response.body();
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY).build();
        }
        return http;
    }

    private JsonNode json(byte[] body, String what) throws IOException {
        try {
            return JsonText.parse(body);
        } catch (IOException e) {
            throw new MailException("the mail service " + service + " sent " + what + " in a form Stackyard cannot read: "
                    + e.getMessage(), e);
        }
    }

    private static Address address(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return new Address("", "");
        }
        return new Address(n.path("Name").asText(""), n.path("Address").asText(""));
    }

    private static List<Address> addresses(JsonNode n) {
        List<Address> out = new ArrayList<>();
        for (JsonNode a : n) {
            out.add(address(a));
        }
        return List.copyOf(out);
    }

    private static List<Attachment> attachments(JsonNode n) {
        List<Attachment> out = new ArrayList<>();
        for (JsonNode a : n) {
            out.add(new Attachment(a.path("PartID").asText(""), a.path("FileName").asText(""),
                    a.path("ContentType").asText(""), a.path("Size").asLong()));
        }
        return List.copyOf(out);
    }

    /** The list gives a count; an array (a detail view) counts its entries. */
    private static int attachmentCount(JsonNode n) {
        return n.isArray() ? n.size() : n.asInt(0);
    }

    private static Instant time(JsonNode n) {
        String text = n.asText("");
        if (text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
            http = null;
        }
    }
}
