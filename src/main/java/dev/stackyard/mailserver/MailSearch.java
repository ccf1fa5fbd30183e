package dev.stackyard.mailserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Mailpit's search syntax, the part a test helper uses: {@code from:}, {@code to:} (To, Cc and Bcc),
 * {@code subject:}, {@code is:read} / {@code is:unread}, and plain words matched against the
 * subject, the sender, the recipients and the text snippet; every term must match, case-insensitive;
 * {@code "quoted words"} are one term and a leading {@code -} negates one. A pure function.
 */
final class MailSearch {
    private MailSearch() {
    }

    static Predicate<StoredMessage> parse(String query) {
        Predicate<StoredMessage> all = m -> true;
        for (String term : terms(query == null ? "" : query)) {
            boolean negate = term.startsWith("-") && term.length() > 1;
            String t = (negate ? term.substring(1) : term).toLowerCase(Locale.ROOT);
            Predicate<StoredMessage> p = term(t);
            all = all.and(negate ? p.negate() : p);
        }
        return all;
    }

    private static Predicate<StoredMessage> term(String t) {
        if (t.startsWith("from:")) {
            String v = unquote(t.substring(5));
            return m -> m.sender().contains(v) || m.envelopeFrom().toLowerCase(Locale.ROOT).contains(v);
        }
        if (t.startsWith("to:")) {
            String v = unquote(t.substring(3));
            return m -> anyContains(m.to(), v) || anyContains(m.cc(), v) || anyContains(m.bcc(), v);
        }
        if (t.startsWith("subject:")) {
            String v = unquote(t.substring(8));
            return m -> m.subject().toLowerCase(Locale.ROOT).contains(v);
        }
        if (t.equals("is:read")) {
            return StoredMessage::read;
        }
        if (t.equals("is:unread")) {
            return m -> !m.read();
        }
        String v = unquote(t);
        return m -> m.subject().toLowerCase(Locale.ROOT).contains(v) || m.sender().contains(v)
                || anyContains(m.to(), v) || anyContains(m.cc(), v) || anyContains(m.bcc(), v)
                || m.snippet().toLowerCase(Locale.ROOT).contains(v);
    }

    private static boolean anyContains(List<MailAddress> list, String v) {
        return list.stream().anyMatch(a -> a.contains(v));
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    /** Splits on spaces outside double quotes. */
    static List<String> terms(String query) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : query.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                current.append(c);
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!current.isEmpty()) {
                    out.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            out.add(current.toString());
        }
        return out;
    }
}
