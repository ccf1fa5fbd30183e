package dev.stackyard.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Jackson tree nodes to JSON text and back through Jackson's streaming parser and generator, so
 * a short-lived process never builds an {@code ObjectMapper}: building the first one costs 0.2 to
 * 0.3 s of a cold CLI call or window start (measured on the benchmark's machine), more than the
 * rest of {@code stackyard status} together, and {@code JsonNode.toString()} builds one behind the
 * scenes. The text is the same as ObjectMapper's ({@link #pretty} is its {@code INDENT_OUTPUT}).
 * Thread-safe.
 */
public final class JsonText {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonText() {
    }

    /** A new empty object node (what {@code ObjectMapper.createObjectNode()} gives). */
    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A new empty array node. */
    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** {@code node} on one line: {@code {"a":1}}. */
    public static String compact(JsonNode node) {
        return write(node, false);
    }

    /** {@code node} indented as ObjectMapper's {@code INDENT_OUTPUT} does it. */
    public static String pretty(JsonNode node) {
        return write(node, true);
    }

    /**
     * The tree of one JSON value.
     *
     * @throws IOException when {@code text} is not one JSON value (a {@code JsonProcessingException})
     */
    public static JsonNode parse(String text) throws IOException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            return whole(parser);
        }
    }

    /** {@link #parse(String)} of UTF-8 bytes. */
    public static JsonNode parse(byte[] utf8) throws IOException {
        try (JsonParser parser = FACTORY.createParser(utf8)) {
            return whole(parser);
        }
    }

    private static JsonNode whole(JsonParser parser) throws IOException {
        JsonNode root = read(parser);
        if (root == null) {
            throw new IOException("no JSON value in the text");
        }
        if (parser.nextToken() != null) {
            throw new IOException("more than one JSON value in the text");
        }
        return root;
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        Deque<JsonNode> open = new ArrayDeque<>();
        String field = null;
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            if (token == JsonToken.FIELD_NAME) {
                field = parser.currentName();
                continue;
            }
            if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                JsonNode done = open.pop();
                if (open.isEmpty()) {
                    return done;
                }
                continue;
            }
            JsonNode value = value(parser, token);
            JsonNode parent = open.peek();
            if (parent instanceof ObjectNode object) {
                object.set(field, value);
            } else if (parent instanceof ArrayNode array) {
                array.add(value);
            } else if (!value.isContainerNode()) {
                return value; // a bare scalar
            }
            if (value.isContainerNode()) {
                open.push(value);
            }
        }
        return null;
    }

    /** The node a value token starts (an empty one for a container). */
    private static JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> NODES.objectNode();
            case START_ARRAY -> NODES.arrayNode();
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected JSON token " + token);
        };
    }

    private static String write(JsonNode node, boolean pretty) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            write(g, node);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a String cannot fail this way", e);
        }
        return out.toString();
    }

    /** By instanceof, not a pattern switch: that one's bootstrap makes a class at run time (start-up cost). */
    private static void writeNumber(JsonGenerator g, Number n) throws IOException {
        if (n instanceof Integer i) {
            g.writeNumber(i);
        } else if (n instanceof Long l) {
            g.writeNumber(l);
        } else if (n instanceof Short sh) {
            g.writeNumber(sh);
        } else if (n instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (n instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (n instanceof Float f) {
            g.writeNumber(f);
        } else {
            g.writeNumber(n.doubleValue());
        }
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode item : node) {
                    write(g, item);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL, MISSING -> g.writeNull();
            case NUMBER -> writeNumber(g, node.numberValue());
            default -> throw new IllegalArgumentException("no JSON text for a " + node.getNodeType() + " node");
        }
    }
}
