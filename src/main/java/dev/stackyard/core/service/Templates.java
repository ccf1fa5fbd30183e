package dev.stackyard.core.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the config templates kept in the top-level {@code config/} folder (on the class path as
 * {@code templates/...}). Placeholders are {@code {{name}}}; a placeholder without a value is an
 * error, so a typo never reaches a daemon as literal text.
 */
public final class Templates {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z0-9_.]+)}}");

    private Templates() {
    }

    /** Renders {@code config/NAME} (e.g. {@code nginx/nginx.conf}) with {@code values}. */
    public static String render(String name, Map<String, String> values) {
        String resource = "/templates/" + name;
        String text;
        try (InputStream in = Templates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing config template " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + resource, e);
        }
        return fill(name, text, values);
    }

    static String fill(String name, String text, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("template " + name + " needs a value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
