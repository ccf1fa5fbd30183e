package dev.stackyard.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One streaming pass over the YAML text that builds the tree <em>and</em> remembers where every key
 * and value starts, because Jackson's tree nodes keep no locations.
 *
 * <p>Paths look like {@code services[3].port}. Every scalar becomes a text node holding its source
 * spelling, so {@code version: 8.10} stays {@code "8.10"} and typed fields convert from that text.
 * This also means YAML 1.1 words such as {@code yes} are not booleans.
 */
final class YamlDocument {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Where a key or value starts; both 1-based. */
    record Mark(int line, int column) {
    }

    private final String text;
    private final JsonNode root;
    private final Map<String, Mark> keys;
    private final Map<String, Mark> values;
    private final List<ConfigProblem> problems;

    private YamlDocument(String text, JsonNode root, Map<String, Mark> keys, Map<String, Mark> values,
                         List<ConfigProblem> problems) {
        this.text = text;
        this.root = root;
        this.keys = keys;
        this.values = values;
        this.problems = List.copyOf(problems);
    }

    /** Never throws for bad content: a syntax error becomes the only problem and the root is null. */
    static YamlDocument parse(String text) {
        Builder builder = new Builder();
        try (JsonParser parser = YAML.createParser(text)) {
            builder.read(parser);
        } catch (JsonProcessingException e) {
            return new YamlDocument(text, null, Map.of(), Map.of(), List.of(syntaxProblem(e)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading YAML from a String cannot fail this way", e);
        }
        return new YamlDocument(text, builder.root, builder.keys, builder.values, builder.problems);
    }

    String text() {
        return text;
    }

    /** The document's root node, or null when it is empty (or only comments) or did not parse. */
    JsonNode root() {
        return root;
    }

    /** Syntax errors, duplicate keys, aliases, extra documents: problems no schema can see. */
    List<ConfigProblem> problems() {
        return problems;
    }

    /** Where the key at this path starts, or null (array elements and the root have no key). */
    Mark keyMark(String path) {
        return keys.get(path);
    }

    /** Where the value at this path starts, or null. */
    Mark valueMark(String path) {
        return values.get(path);
    }

    /**
     * The line a problem at this path is reported on: its key's line, else its value's, else the
     * nearest enclosing path's (a missing key is reported at its entry), else 0.
     */
    int line(String path) {
        String p = path;
        while (true) {
            Mark mark = keys.getOrDefault(p, values.get(p));
            if (mark != null) {
                return mark.line();
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return 0;
            }
            p = p.substring(0, cut);
        }
    }

    private static ConfigProblem syntaxProblem(JsonProcessingException e) {
        // SnakeYAML's message interleaves "in 'reader', line..." marks and a source snippet, all
        // indented; the unindented lines are the problem and its context.
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        List<String> said = original.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList();
        String what = said.isEmpty() ? original.strip() : said.getLast();
        if (said.size() > 1) {
            what += " (" + said.stream().limit(said.size() - 1).collect(Collectors.joining("; ")) + ")";
        }
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        String where = column > 0 ? " at column " + column : "";
        return new ConfigProblem("", line, "bad YAML syntax" + where + ": " + what);
    }

    /** Builds the tree from tokens, tracking the path of each one. */
    private static final class Builder {
        private final Map<String, Mark> keys = new HashMap<>();
        private final Map<String, Mark> values = new HashMap<>();
        private final List<ConfigProblem> problems = new ArrayList<>();
        private final Deque<Frame> stack = new ArrayDeque<>();
        private JsonNode root;

        /** An open mapping or sequence. */
        private static final class Frame {
            final String path;
            final JsonNode node;
            int index = -1;
            String field;

            Frame(String path, JsonNode node) {
                this.path = path;
                this.node = node;
            }
        }

        void read(JsonParser parser) throws IOException {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                Mark mark = mark(parser);
                if (root != null && stack.isEmpty()) {
                    problems.add(new ConfigProblem("", mark.line(),
                            "only one YAML document is allowed; remove the '---' and what follows it"));
                    return;
                }
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    String path = nextValuePath();
                    problems.add(new ConfigProblem(path, mark.line(), "YAML aliases (*name) are not supported; write the value out"));
                    attach(path, NODES.nullNode(), mark);
                    continue;
                }
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        String path = nextValuePath();
                        JsonNode node = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
                        attach(path, node, mark);
                        stack.push(new Frame(path, node));
                    }
                    case END_OBJECT, END_ARRAY -> stack.pop();
                    case FIELD_NAME -> field(parser.currentName(), mark);
                    case VALUE_NULL -> attach(nextValuePath(), NODES.nullNode(), mark);
                    default -> attach(nextValuePath(), NODES.textNode(parser.getText()), mark);
                }
            }
        }

        private void field(String name, Mark mark) {
            Frame frame = stack.peek();
            String path = frame.path.isEmpty() ? name : frame.path + "." + name;
            if (frame.node.has(name)) {
                problems.add(new ConfigProblem(path, mark.line(),
                        "'" + name + "' appears twice here (first on line " + keys.get(path).line() + ")"));
            } else {
                keys.put(path, mark);
            }
            frame.field = name;
        }

        /** The path of the value about to be read, stepping the index when inside a sequence. */
        private String nextValuePath() {
            Frame frame = stack.peek();
            if (frame == null) {
                return "";
            }
            if (frame.node.isArray()) {
                frame.index++;
                return frame.path + "[" + frame.index + "]";
            }
            return frame.path.isEmpty() ? frame.field : frame.path + "." + frame.field;
        }

        private void attach(String path, JsonNode node, Mark mark) {
            values.putIfAbsent(path, mark);
            Frame frame = stack.peek();
            if (frame == null) {
                root = node;
            } else if (frame.node instanceof ArrayNode array) {
                array.add(node);
            } else if (!((ObjectNode) frame.node).has(frame.field)) {
                ((ObjectNode) frame.node).set(frame.field, node); // a duplicate key keeps its first value
            }
        }

        private static Mark mark(JsonParser parser) {
            var location = parser.currentTokenLocation();
            return new Mark(location.getLineNr(), location.getColumnNr());
        }
    }
}
