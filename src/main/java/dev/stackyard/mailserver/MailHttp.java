package dev.stackyard.mailserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web page and the API on 127.0.0.1 (the JDK's own HTTP server). A request whose Host is not
 * this machine's loopback name is refused (403), so a web page of another site whose name a DNS
 * rebinding points at 127.0.0.1 cannot read or delete the mail. Owns its server; {@link #stop}.
 */
final class MailHttp {
    private static final Pattern MESSAGE = Pattern.compile("/api/v1/message/([^/]+)(/raw|/part/([^/]+))?");
    private static final Pattern VIEW = Pattern.compile("/view/([^/]+)(/html)?");
    private static final Pattern LOOPBACK_HOST = Pattern.compile("(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]+)?");

    private final HttpServer server;
    private final MailStore store;
    private final MailApi api;
    private final MailPages pages;

    MailHttp(int port, MailStore store, ExecutorService executor) throws IOException {
        this.store = store;
        this.api = new MailApi(store);
        this.pages = new MailPages(api);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String host = ex.getRequestHeaders().getFirst("Host");
            if (host == null || !LOOPBACK_HOST.matcher(host.toLowerCase(Locale.ROOT)).matches()) {
                send(ex, 403, "text/plain; charset=utf-8", "Forbidden: use http://127.0.0.1:PORT/\n");
                return;
            }
            route(ex);
        } catch (IOException | RuntimeException e) {
            System.err.println("mail server: " + ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + e);
            try {
                send(ex, 500, "text/plain; charset=utf-8", "Internal error: " + e.getMessage() + "\n");
            } catch (IOException | RuntimeException again) {
                // The answer was already under way; the client sees a cut response.
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        URI uri = ex.getRequestURI();
        String path = uri.getPath();
        Map<String, String> query = query(uri.getRawQuery());
        Matcher m;
        if (path.equals("/") && method.equals("GET")) {
            send(ex, 200, "text/html; charset=utf-8", pages.list(store));
        } else if ((m = VIEW.matcher(path)).matches() && method.equals("GET")) {
            Optional<String> page = m.group(2) == null ? pages.view(m.group(1)) : pages.html(m.group(1));
            if (page.isEmpty()) {
                notFound(ex);
            } else {
                if (m.group(2) != null) {
                    // The message's own HTML: no script, no form, nothing loaded from elsewhere.
                    ex.getResponseHeaders().set("Content-Security-Policy", "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'");
                }
                send(ex, 200, "text/html; charset=utf-8", page.get());
            }
        } else if (path.equals("/api/v1/messages")) {
            switch (method) {
                case "GET" -> json(ex, api.list(msg -> true, intParam(query, "start", 0), intParam(query, "limit", MailApi.DEFAULT_LIMIT)));
                case "DELETE" -> {
                    api.delete(MailApi.ids(body(ex)));
                    send(ex, 200, "text/plain; charset=utf-8", "ok");
                }
                case "PUT" -> {
                    JsonNode body = body(ex);
                    boolean read = body == null || !body.has("Read") || body.get("Read").asBoolean(true);
                    api.setRead(MailApi.ids(body), read);
                    send(ex, 200, "text/plain; charset=utf-8", "ok");
                }
                default -> notAllowed(ex);
            }
        } else if (path.equals("/api/v1/search") && method.equals("GET")) {
            json(ex, api.list(MailSearch.parse(query.getOrDefault("query", "")), intParam(query, "start", 0),
                    intParam(query, "limit", MailApi.DEFAULT_LIMIT)));
        } else if ((m = MESSAGE.matcher(path)).matches() && method.equals("GET")) {
            String id = m.group(1);
            if (m.group(2) == null) {
                Optional<Map<String, Object>> message = api.message(id);
                if (message.isPresent()) {
                    json(ex, message.get());
                } else {
                    notFound(ex);
                }
            } else if (m.group(2).equals("/raw")) {
                Optional<byte[]> raw = api.raw(id);
                if (raw.isPresent()) {
                    send(ex, 200, "text/plain; charset=utf-8", raw.get());
                } else {
                    notFound(ex);
                }
            } else {
                Optional<MailApi.PartContent> part = api.part(id, m.group(3));
                if (part.isEmpty()) {
                    notFound(ex);
                } else {
                    MailApi.PartContent p = part.get();
                    if (!p.fileName().isEmpty()) {
                        ex.getResponseHeaders().set("Content-Disposition", "attachment; filename*=UTF-8''"
                                + MailPages.urlEncode(p.fileName()).replace("+", "%20"));
                    }
                    // Served as data, never run as a page of this origin.
                    ex.getResponseHeaders().set("Content-Security-Policy", "sandbox");
                    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                    send(ex, 200, p.contentType(), p.bytes());
                }
            }
        } else {
            notFound(ex);
        }
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        byte[] bytes = ex.getRequestBody().readNBytes(1 << 20);
        if (bytes.length == 0) {
            return null;
        }
        try {
            return MailApi.JSON.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        try {
            return Math.max(0, Integer.parseInt(query.getOrDefault(name, Integer.toString(fallback))));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // A malformed escape: the parameter is ignored.
            }
        }
        return out;
    }

    private static void json(HttpExchange ex, Object value) throws IOException {
        send(ex, 200, "application/json", MailApi.JSON.writeValueAsBytes(value));
    }

    private static void notFound(HttpExchange ex) throws IOException {
        send(ex, 404, "text/plain; charset=utf-8", "Not found\n");
    }

    private static void notAllowed(HttpExchange ex) throws IOException {
        send(ex, 405, "text/plain; charset=utf-8", "Method not allowed\n");
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

}
