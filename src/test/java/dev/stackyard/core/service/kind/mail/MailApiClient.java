package dev.stackyard.core.service.kind.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The mail service's Mailpit-shaped API as a test reads it: real HTTP to 127.0.0.1. */
final class MailApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final int port;

    MailApiClient(int port) {
        this.port = port;
    }

    HttpResponse<byte[]> request(String method, String path, String body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    JsonNode json(String path) throws IOException {
        HttpResponse<byte[]> r = request("GET", path, null);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(r.body());
    }

    JsonNode messages() throws IOException {
        return json("/api/v1/messages?limit=1000");
    }

    JsonNode message(String id) throws IOException {
        return json("/api/v1/message/" + id);
    }

    JsonNode search(String query) throws IOException {
        return json("/api/v1/search?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    }

    String raw(String id) throws IOException {
        return new String(request("GET", "/api/v1/message/" + id + "/raw", null).body(), StandardCharsets.UTF_8);
    }

    void deleteAll() throws IOException {
        HttpResponse<byte[]> r = request("DELETE", "/api/v1/messages", null);
        if (r.statusCode() != 200) {
            throw new AssertionError("DELETE: HTTP " + r.statusCode());
        }
    }
}
