package dev.stackyard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

import java.io.StringReader;
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
 * This also means YAML 1.1 words such as {@code yes} are not booleans; a plain {@code null},
 * {@code Null}, {@code NULL}, {@code ~} or nothing at all is null (YAML's core schema).
 *
 * <p>The events come from SnakeYAML's parser, the one Jackson's YAML parser wraps, read directly:
 * going through Jackson's parser initialised {@link java.math.BigDecimal} (its parser base holds
 * BigDecimal constants), whose JDK 25 static initialiser computes 5^65536, about 23 ms of every
 * cold start that read the config. The tree, the marks and the messages are what Jackson's
 * parser gave: a syntax error is placed where the last good event ended, as Jackson placed it.
 */
final class YamlDocument {

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
        ParserImpl parser = new ParserImpl(new StreamReader(new StringReader(text)), new LoaderOptions());
        String syntaxError;
        try {
            syntaxError = builder.read(parser);
        } catch (YAMLException e) {
            syntaxError = e.getMessage();
        }
        if (syntaxError != null) {
            return new YamlDocument(text, null, Map.of(), Map.of(), List.of(syntaxProblem(syntaxError, builder.lastEnd)));
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

    /** A syntax error, placed where the last event read ended (nowhere before the first). */
    private static ConfigProblem syntaxProblem(String message, Mark lastEnd) {
        // SnakeYAML's message interleaves "in 'reader', line..." marks and a source snippet, all
        // indented; the unindented lines are the problem and its context.
        String original = message == null ? "" : message;
        List<String> said = original.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).toList();
        String what = said.isEmpty() ? original.strip() : said.getLast();
        if (said.size() > 1) {
            what += " (" + said.stream().limit(said.size() - 1).collect(Collectors.joining("; ")) + ")";
        }
        int line = lastEnd == null ? 0 : lastEnd.line();
        String where = lastEnd != null && lastEnd.column() > 0 ? " at column " + lastEnd.column() : "";
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

        /** Where the last event read ended; 1-based like every mark here. */
        Mark lastEnd;

        /** Reads every event; returns null, or what is wrong with the syntax beyond what SnakeYAML rejects. */
        String read(ParserImpl parser) {
            boolean keyNext = false; // inside a mapping, where the next event is a key or its end
            while (true) {
                Event event = parser.getEvent();
                lastEnd = mark(event.getEndMark());
                Mark mark = mark(event.getStartMark());
                Event.ID id = event.getEventId();
                if (id == Event.ID.StreamEnd) {
                    return null;
                }
                if (id == Event.ID.StreamStart || id == Event.ID.DocumentStart || id == Event.ID.DocumentEnd) {
                    continue;
                }
                if (keyNext) {
                    if (id == Event.ID.MappingEnd) {
                        stack.pop();
                        keyNext = inMapping();
                        continue;
                    }
                    if (id != Event.ID.Scalar) { // a sequence, a mapping or an alias as a key
                        return "Expected a field name (Scalar value in YAML), got this instead: " + event;
                    }
                    field(((ScalarEvent) event).getValue(), mark);
                    keyNext = false;
                    continue;
                }
                if (root != null && stack.isEmpty()) {
                    problems.add(new ConfigProblem("", mark.line(),
                            "only one YAML document is allowed; remove the '---' and what follows it"));
                    return null;
                }
                switch (id) {
                    case Alias -> {
                        String path = nextValuePath();
                        problems.add(new ConfigProblem(path, mark.line(), "YAML aliases (*name) are not supported; write the value out"));
                        attach(path, NODES.nullNode(), mark);
                    }
                    case MappingStart, SequenceStart -> {
                        String path = nextValuePath();
                        JsonNode node = id == Event.ID.MappingStart ? NODES.objectNode() : NODES.arrayNode();
                        attach(path, node, mark);
                        stack.push(new Frame(path, node));
                    }
                    case SequenceEnd -> stack.pop();
                    case Scalar -> {
                        ScalarEvent scalar = (ScalarEvent) event;
                        attach(nextValuePath(), isNull(scalar) ? NODES.nullNode() : NODES.textNode(scalar.getValue()), mark);
                    }
                    default -> throw new IllegalStateException("SnakeYAML gave " + event + " where a value belongs");
                }
                keyNext = inMapping();
            }
        }

        private boolean inMapping() {
            Frame frame = stack.peek();
            return frame != null && frame.node.isObject();
        }

        /**
         * YAML's core-schema nulls: a plain {@code null}, {@code Null}, {@code NULL}, {@code ~} or
         * empty scalar with no tag, or a non-empty one tagged {@code !!null}. Quoted text is text.
         */
        private static boolean isNull(ScalarEvent scalar) {
            String value = scalar.getValue();
            String tag = scalar.getTag();
            if (tag == null || tag.equals("!")) {
                return scalar.getImplicit().canOmitTagInPlainScalar()
                        && (value.isEmpty() || value.equals("~") || value.equals("null") || value.equals("Null") || value.equals("NULL"));
            }
            return !value.isEmpty() && (tag.equals("tag:yaml.org,2002:null") || tag.startsWith("tag:yaml.org,2002:null,"));
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

        private static Mark mark(org.yaml.snakeyaml.error.Mark mark) {
            return new Mark(mark.getLine() + 1, mark.getColumn() + 1); // SnakeYAML counts from 0
        }
    }
}
