package dev.stackyard.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.stackyard.core.service.Kind;
import dev.stackyard.core.service.ServiceState;
import dev.stackyard.usecase.MailBoxes;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A mail service's API that answers with a fixed, realistic mailbox (long names and subjects, an
 * attachment with a long name), for the layout checks of {@link ReadableViewsTest}: they are about
 * what the tab shows, not about the server (MailTabTest runs the real one).
 */
final class CannedMailApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] MAIL = {
            {"Acme Corporation Billing Department", "billing@acme-corporation.example.com", "Margaret Featherstonehaugh",
                    "margaret.featherstonehaugh@clients.example.org", "Your invoice INV-2026-0042 for the storefront checkout redesign"},
            {"Laravel", "noreply@storefront.localhost", "", "dev@example.com", "Reset your password"},
            {"Queue worker", "queue@storefront.localhost", "Ops", "ops@example.com", "Nightly export finished: 12 418 orders"},
            {"", "signup@storefront.localhost", "Ann", "ann@example.com", "Welcome to the shop, Ann!"},
            {"Newsletter", "news@storefront.localhost", "", "subscribers@example.com", "Spring sale: 20 % off everything"},
    };

    private final HttpServer server;

    CannedMailApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/messages", this::list);
        server.createContext("/api/v1/message/", this::message);
        server.start();
    }

    /** The mail services: one, running, answering here. */
    MailBoxes boxes(Path folder) {
        URI api = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        return new MailBoxes(() -> List.of(new MailBoxes.Box("mail", ServiceState.RUNNING, new Kind.Mailbox(api, folder))));
    }

    private void list(HttpExchange exchange) throws IOException {
        ObjectNode page = JSON.createObjectNode();
        page.put("total", MAIL.length).put("unread", 3).put("count", MAIL.length).put("messages_count", MAIL.length)
                .put("start", 0);
        ArrayNode messages = page.putArray("messages");
        for (int i = 0; i < MAIL.length; i++) {
            ObjectNode m = messages.addObject();
            m.put("ID", "m" + i).put("MessageID", "m" + i + "@example.com").put("Read", i >= 3);
            address(m.putObject("From"), MAIL[i][0], MAIL[i][1]);
            address(m.putArray("To").addObject(), MAIL[i][2], MAIL[i][3]);
            m.putArray("Cc");
            m.put("Subject", MAIL[i][4]).put("Created", "2026-12-07T1" + (i % 10) + ":0" + i + ":00Z").put("Size", 48_213)
                    .put("Attachments", i == 0 ? 2 : 0).put("Snippet", "");
        }
        answer(exchange, page);
    }

    private void message(HttpExchange exchange) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("ID", "m0").put("MessageID", "m0@example.com");
        address(m.putObject("From"), MAIL[0][0], MAIL[0][1]);
        address(m.putArray("To").addObject(), MAIL[0][2], MAIL[0][3]);
        address(m.putArray("Cc").addObject(), "Accounts Payable", "accounts-payable@clients.example.org");
        m.putArray("Bcc");
        m.putArray("ReplyTo");
        m.put("Subject", MAIL[0][4]).put("Date", "2026-12-07T10:00:00Z")
                .put("Text", "Dear Margaret,\n\nplease find attached the invoice for the storefront checkout redesign.\n\n"
                        + "Kind regards,\nAcme Corporation Billing Department")
                .put("HTML", "<p>Dear Margaret,</p>").put("Size", 48_213);
        ArrayNode attachments = m.putArray("Attachments");
        attachments.addObject().put("PartID", "2").put("FileName", "invoice-INV-2026-0042-acme-corporation.pdf")
                .put("ContentType", "application/pdf").put("Size", 41_877);
        attachments.addObject().put("PartID", "3").put("FileName", "terms.txt").put("ContentType", "text/plain").put("Size", 812);
        m.putArray("Inline");
        answer(exchange, m);
    }

    private static void address(ObjectNode o, String name, String address) {
        o.put("Name", name).put("Address", address);
    }

    private static void answer(HttpExchange exchange, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
