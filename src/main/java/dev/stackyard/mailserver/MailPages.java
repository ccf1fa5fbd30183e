package dev.stackyard.mailserver;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The plain HTML pages on the API's port: {@code /} lists the messages, {@code /view/ID} shows one
 * (headers, text, attachments, the HTML part in a sandboxed frame). Everything from a message is
 * escaped; the HTML part itself is served by {@code /view/ID/html} under a
 * {@code Content-Security-Policy: sandbox} that runs no script and loads nothing from elsewhere.
 */
final class MailPages {
    private static final String STYLE = "<style>body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}"
            + "table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3em .6em;border-bottom:1px solid #ddd}"
            + "tr.unread td{font-weight:bold}pre{white-space:pre-wrap;background:#f6f6f6;padding:1em}"
            + "iframe{width:100%;height:60vh;border:1px solid #ccc}</style>";

    private final MailApi api;

    MailPages(MailApi api) {
        this.api = api;
    }

    String list(MailStore store) {
        StringBuilder out = new StringBuilder(page("Stackyard mail"));
        List<StoredMessage> all = store.newestFirst();
        out.append("<h1>Mail</h1><p>").append(all.size()).append(" messages, ").append(store.unread())
                .append(" unread</p>");
        if (all.isEmpty()) {
            out.append("<p>No mail yet. Send to SMTP on this machine's mail port.</p>");
        } else {
            out.append("<table><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th><th></th></tr>");
            for (StoredMessage m : all) {
                out.append("<tr").append(m.read() ? "" : " class=\"unread\"").append("><td>").append(esc(m.created()))
                        .append("</td><td>").append(esc(addresses(List.of(m.sender())))).append("</td><td>")
                        .append(esc(addresses(m.to()))).append("</td><td><a href=\"/view/").append(m.id()).append("\">")
                        .append(esc(m.subject().isEmpty() ? "(no subject)" : m.subject())).append("</a></td><td>")
                        .append(m.attachments() > 0 ? "&#128206; " + m.attachments() : "").append("</td></tr>");
            }
            out.append("</table>");
        }
        return out.append("</body></html>").toString();
    }

    @SuppressWarnings("unchecked")
    Optional<String> view(String id) throws IOException {
        Optional<Map<String, Object>> found = api.message(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> m = found.get();
        String realId = (String) m.get("ID");
        StringBuilder out = new StringBuilder(page(String.valueOf(m.get("Subject"))));
        out.append("<p><a href=\"/\">All mail</a> &middot; <a href=\"/api/v1/message/").append(realId)
                .append("/raw\">Raw source</a></p><h1>").append(esc((String) m.get("Subject"))).append("</h1><table>");
        row(out, "From", address((Map<String, Object>) m.get("From")));
        row(out, "To", addressList((List<Map<String, Object>>) m.get("To")));
        row(out, "Cc", addressList((List<Map<String, Object>>) m.get("Cc")));
        row(out, "Bcc", addressList((List<Map<String, Object>>) m.get("Bcc")));
        row(out, "Date", (String) m.get("Date"));
        out.append("</table>");
        List<Map<String, Object>> attachments = (List<Map<String, Object>>) m.get("Attachments");
        if (!attachments.isEmpty()) {
            out.append("<h2>Attachments</h2><ul>");
            for (Map<String, Object> a : attachments) {
                String name = (String) a.get("FileName");
                out.append("<li><a href=\"/api/v1/message/").append(realId).append("/part/")
                        .append(esc((String) a.get("PartID"))).append("\">")
                        .append(esc(name.isEmpty() ? "part " + a.get("PartID") : name)).append("</a> (")
                        .append(esc((String) a.get("ContentType"))).append(", ").append(a.get("Size")).append(" bytes)</li>");
            }
            out.append("</ul>");
        }
        if (!((String) m.get("HTML")).isEmpty()) {
            out.append("<h2>HTML</h2><p><a href=\"/view/").append(realId).append("/html\">Open the HTML part alone</a></p>")
                    .append("<iframe sandbox src=\"/view/").append(realId).append("/html\" title=\"HTML part\"></iframe>");
        }
        out.append("<h2>Text</h2><pre>").append(esc((String) m.get("Text"))).append("</pre></body></html>");
        return Optional.of(out.toString());
    }

    /** The HTML part alone, for the sandboxed frame. */
    Optional<String> html(String id) throws IOException {
        return api.message(id).map(m -> (String) m.get("HTML"));
    }

    private static void row(StringBuilder out, String name, String value) {
        if (!value.isEmpty()) {
            out.append("<tr><th>").append(name).append("</th><td>").append(esc(value)).append("</td></tr>");
        }
    }

    private static String address(Map<String, Object> a) {
        String name = (String) a.get("Name");
        String address = (String) a.get("Address");
        return name.isEmpty() ? address : name + " <" + address + ">";
    }

    private static String addressList(List<Map<String, Object>> list) {
        return list.stream().map(MailPages::address).collect(Collectors.joining(", "));
    }

    private static String addresses(List<MailAddress> list) {
        return list.stream().map(a -> a.name().isEmpty() ? a.address() : a.name() + " <" + a.address() + ">")
                .collect(Collectors.joining(", "));
    }

    private static String page(String title) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>" + STYLE
                + "</head><body>";
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
