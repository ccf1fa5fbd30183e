package dev.stackyard.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Edits the {@code services:} list as text, so everything outside the entry being added or removed
 * (comments, blank lines, quoting, key order) stays byte for byte as the person wrote it.
 *
 * <p>Works on block lists ({@code - } items). An entry's lines run from its {@code -} line to its
 * last line indented deeper than the dash; comments at the dash's indent directly above it belong to
 * it, comments and blank lines after its last line belong to what follows. The caller must re-read
 * the result: this class guarantees the text layout, not that the YAML still means what was intended.
 */
final class ServiceListEditor {

    private static final int DEFAULT_INDENT = 2;

    private final Path file;
    private final YamlDocument document;
    /** The top-level key of the list edited: {@code services}, or {@code sites}. */
    private final String key;
    private final List<String> lines;
    private final String newline;

    /** @param document the parsed, valid content of {@code file} */
    ServiceListEditor(Path file, YamlDocument document) {
        this(file, document, "services");
    }

    /** An editor of the top-level list {@code key} (same rules as for {@code services:}). */
    ServiceListEditor(Path file, YamlDocument document, String key) {
        this.file = file;
        this.document = document;
        this.key = key;
        this.lines = splitLines(document.text());
        this.newline = document.text().contains("\r\n") ? "\r\n" : "\n";
    }

    /**
     * The text with {@code entry} (lines without indentation, as from {@link ServiceYaml#lines})
     * appended as the last item, indented like the existing items and separated by a blank line
     * when they are.
     *
     * @throws ConfigException when the list is written in a layout this class does not edit
     */
    String append(List<String> entry) throws ConfigException {
        JsonNode services = document.root() == null ? null : document.root().get(key);
        int insertAt;
        int dashIndent;
        int keyIndent;
        boolean blankBefore = false;
        if (services != null && services.isArray() && !services.isEmpty()) {
            requireBlockList();
            Item last = item(services.size() - 1);
            insertAt = last.last() + 1;
            dashIndent = last.dashIndent();
            keyIndent = last.keyIndent();
            blankBefore = services.size() >= 2 && last.first() > 0 && isBlank(lines.get(last.first() - 1));
        } else if (services != null) {
            // "services:" with no value, or "services: []": the entry goes right below the key.
            int keyLine = keyLine();
            emptyValueToNothing(keyLine);
            insertAt = keyLine + 1;
            dashIndent = indent(lines.get(keyLine)) + DEFAULT_INDENT;
            keyIndent = dashIndent + DEFAULT_INDENT;
        } else {
            endLastLine();
            lines.add(key + ":" + newline);
            insertAt = lines.size();
            dashIndent = DEFAULT_INDENT;
            keyIndent = dashIndent + DEFAULT_INDENT;
        }
        if (insertAt > 0 && !lines.get(insertAt - 1).endsWith("\n")) {
            lines.set(insertAt - 1, lines.get(insertAt - 1) + newline);
        }
        List<String> added = new ArrayList<>();
        if (blankBefore) {
            added.add(newline);
        }
        for (int i = 0; i < entry.size(); i++) {
            String prefix = i == 0 ? " ".repeat(dashIndent) + "-" + " ".repeat(keyIndent - dashIndent - 1) : " ".repeat(keyIndent);
            added.add(prefix + entry.get(i) + newline);
        }
        lines.addAll(insertAt, added);
        return String.join("", lines);
    }

    /**
     * The text without the lines of item {@code index} of {@code services}, and without one blank
     * line next to it so the spacing between the remaining items stays as it was.
     *
     * @throws ConfigException when the list is written in a layout this class does not edit
     */
    String remove(int index) throws ConfigException {
        requireBlockList();
        Item item = item(index);
        int from = item.first();
        int to = item.last();
        if (from > 0 && isBlank(lines.get(from - 1))) {
            from--;
        } else if (index == 0 && to + 1 < lines.size() && isBlank(lines.get(to + 1))) {
            to++;
        }
        lines.subList(from, to + 1).clear();
        return String.join("", lines);
    }

    /**
     * The text with the lines of item {@code index} (from its {@code -} to its last line; comments
     * above it stay) replaced by {@code entry}, indented as the item was. Comments inside the item
     * are not kept.
     *
     * @throws ConfigException when the list is written in a layout this class does not edit
     */
    String replace(int index, List<String> entry) throws ConfigException {
        requireBlockList();
        Item item = item(index);
        int dash = item.first();
        while (isComment(lines.get(dash))) {
            dash++;
        }
        List<String> added = new ArrayList<>();
        for (int i = 0; i < entry.size(); i++) {
            String prefix = i == 0 ? " ".repeat(item.dashIndent()) + "-" + " ".repeat(item.keyIndent() - item.dashIndent() - 1)
                    : " ".repeat(item.keyIndent());
            added.add(prefix + entry.get(i) + newline);
        }
        lines.subList(dash, item.last() + 1).clear();
        lines.addAll(dash, added);
        return String.join("", lines);
    }

    /** Line indexes (0-based, inclusive) of one list item, and how it is indented. */
    private record Item(int first, int last, int dashIndent, int keyIndent) {
    }

    private Item item(int index) throws ConfigException {
        String path = key + "[" + index + "]";
        YamlDocument.Mark start = document.valueMark(path);
        int startLine = start.line() - 1;
        String content = content(lines.get(startLine));
        int dash;
        if (isDash(content.substring(0, Math.min(start.column() - 1, content.length())))) {
            dash = startLine;
        } else {
            dash = startLine - 1; // "-" alone on a line, the mapping below it
            while (dash >= 0 && (isBlank(lines.get(dash)) || isComment(lines.get(dash)))) {
                dash--;
            }
            if (dash < 0 || !isDash(content(lines.get(dash)))) {
                throw unsupported(path, "cannot find the '-' that starts this entry");
            }
        }
        int dashIndent = indent(lines.get(dash));
        boolean flowMapping = start.column() - 1 < content.length() && content.charAt(start.column() - 1) == '{';
        int keyIndent = flowMapping ? dashIndent + DEFAULT_INDENT : start.column() - 1;
        int first = dash;
        while (first > 0 && isComment(lines.get(first - 1)) && indent(lines.get(first - 1)) == dashIndent) {
            first--;
        }
        int last = dash;
        for (int i = dash + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isBlank(line)) {
                continue;
            }
            if (indent(line) > dashIndent) {
                last = i; // deeper content or a deeper comment: still this entry
            } else if (!isComment(line)) {
                break; // the next item, or a dedent out of the list
            }
        }
        return new Item(first, last, dashIndent, keyIndent);
    }

    private void requireBlockList() throws ConfigException {
        YamlDocument.Mark start = document.valueMark(key);
        String content = content(lines.get(start.line() - 1));
        if (start.column() - 1 < content.length() && content.charAt(start.column() - 1) == '[') {
            throw unsupported(key, "written as a [...] list; Stackyard edits lists with one '- ' entry per item, "
                    + "so rewrite it that way or edit the file by hand");
        }
    }

    private void endLastLine() {
        if (!lines.isEmpty() && !lines.getLast().endsWith("\n")) {
            lines.set(lines.size() - 1, lines.getLast() + newline);
        }
    }

    private int keyLine() {
        return document.keyMark(key).line() - 1;
    }

    /** Turns {@code services: []} into {@code services:}, keeping any comment; accepts {@code services:} as is. */
    private void emptyValueToNothing(int keyLine) throws ConfigException {
        String line = lines.get(keyLine);
        String content = content(line);
        int colon = content.indexOf(':', document.keyMark(key).column() - 1);
        String value = content.substring(colon + 1);
        String rest = value.strip();
        if (rest.isEmpty() || rest.startsWith("#")) {
            return;
        }
        if (rest.startsWith("[") && rest.substring(1).stripLeading().startsWith("]")) {
            String after = rest.substring(rest.indexOf(']') + 1);
            String kept = after.isBlank() ? "" : " " + after.strip();
            lines.set(keyLine, content.substring(0, colon + 1) + kept + line.substring(content.length()));
            return;
        }
        throw unsupported(key, "'" + rest + "' is not a list Stackyard can add to; write '" + key + ":' with nothing after it");
    }

    private ConfigException unsupported(String path, String message) {
        return new ConfigException(file, file + " was not changed:",
                List.of(new ConfigProblem(path, document.line(path), message)));
    }

    /** Lines with their line ends; the last may have none. */
    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    private static String content(String line) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\n') {
            end--;
        }
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, end);
    }

    private static boolean isBlank(String line) {
        return line.isBlank();
    }

    private static boolean isComment(String line) {
        return line.strip().startsWith("#");
    }

    /** "-", "- ", "  -   " or "- # note": a sequence item indicator with nothing else of substance. */
    private static boolean isDash(String text) {
        String s = text.strip();
        return s.equals("-") || (s.startsWith("-") && Character.isWhitespace(s.charAt(1)) && s.substring(1).strip().startsWith("#"));
    }

    private static int indent(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
