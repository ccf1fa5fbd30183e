package dev.stackyard.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds a YAML mapping (the tree YamlDocument built) onto a DTO record, one component at a time,
 * rejecting keys that are not components. Components are Strings, Integers, Booleans, lists and
 * mappings of those, nested DTO records and lists of raw nodes (bound later, entry by entry).
 *
 * <p>Binding the whole record at once would stop at the first unknown key or bad value; binding
 * per component lets one entry report all of them (a list or mapping reports its first bad
 * element). Problems are added to the list given at construction; the returned record has null
 * for every component that failed.
 */
final class RecordBinder {

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    /** What {@link #scalar} returns when it reported a problem (null is a value: "absent"). */
    private static final Object FAILED = new Object();

    private final YamlDocument document;
    private final List<ConfigProblem> problems;

    RecordBinder(YamlDocument document, List<ConfigProblem> problems) {
        this.document = document;
        this.problems = problems;
    }

    /** The record bound from {@code node}, or null (with a problem) when {@code node} is not a mapping. */
    <R extends Record> R bind(Class<R> type, JsonNode node, String path) {
        RecordComponent[] components = type.getRecordComponents();
        if (!node.isObject()) {
            problem(path, "expected a mapping of " + names(components) + ", not " + describe(node));
            return null;
        }
        List<String> known = Arrays.stream(components).map(RecordComponent::getName).toList();
        for (String key : (Iterable<String>) node::fieldNames) {
            if (!known.contains(key)) {
                problem(join(path, key), "unknown key '" + key + "'" + suggestion(key, known));
            }
        }
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            JsonNode value = node.get(components[i].getName());
            if (value != null && !value.isNull()) {
                arguments[i] = convert(components[i], value, join(path, components[i].getName()));
            }
        }
        return construct(type, components, arguments);
    }

    private Object convert(RecordComponent component, JsonNode value, String path) {
        Class<?> type = component.getType();
        if (type.isRecord()) {
            return bind(type.asSubclass(Record.class), value, path);
        }
        if (type == List.class) {
            Type element = typeArgument(component, 0);
            if (!value.isArray()) {
                mismatch(path, value, "a list");
                return null;
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                Object converted = element == JsonNode.class ? item : scalar((Class<?>) element, item, path + "[" + i + "]");
                if (converted == FAILED) {
                    return null;
                }
                out.add(converted);
            }
            return out;
        }
        if (type == Map.class) {
            Class<?> element = (Class<?>) typeArgument(component, 1);
            if (!value.isObject()) {
                mismatch(path, value, "a mapping of names to values");
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : value.properties()) {
                Object converted = scalar(element, e.getValue(), path + "." + e.getKey());
                if (converted == FAILED) {
                    return null;
                }
                out.put(e.getKey(), converted);
            }
            return out;
        }
        Object converted = scalar(type, value, path);
        return converted == FAILED ? null : converted;
    }

    /**
     * {@code node} as a String, Integer or Boolean, from the text YamlDocument kept, or
     * {@link #FAILED} (with a problem). An empty value is null, like an absent one. (By hand rather
     * than with Jackson's ObjectMapper: building one costs 0.2 to 0.3 s of every cold CLI call and
     * window start, for three conversions.)
     */
    private Object scalar(Class<?> type, JsonNode node, String path) {
        if (node.isNull()) {
            return null;
        }
        String expected = expected(type);
        if (!node.isValueNode()) {
            return mismatch(path, node, expected);
        }
        String text = node.asText();
        if (type == String.class) {
            return text;
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return null;
        }
        if (type == Integer.class && WHOLE.matcher(trimmed).matches()) {
            try {
                return Integer.valueOf(trimmed);
            } catch (NumberFormatException e) {
                // out of range: reported below
            }
        } else if (type == Boolean.class && (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(trimmed);
        } else if (type != Integer.class && type != Boolean.class) {
            throw new IllegalStateException("no conversion to " + type.getName() + " for " + path);
        }
        return mismatch(path, node, expected);
    }

    /** Reports that {@code node} is not {@code expected}; returns {@link #FAILED}. */
    private Object mismatch(String path, JsonNode node, String expected) {
        problem(path, node.isValueNode()
                ? "'" + node.asText() + "' is not " + expected
                : "expected " + expected + ", not " + describe(node));
        return FAILED;
    }

    private static Type typeArgument(RecordComponent component, int index) {
        return ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[index];
    }

    private void problem(String path, String message) {
        problems.add(new ConfigProblem(path, document.line(path), message));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String expected(Class<?> raw) {
        if (raw == Integer.class) {
            return "a whole number";
        } else if (raw == Boolean.class) {
            return "true or false";
        } else if (raw == String.class) {
            return "a single value";
        } else if (Collection.class.isAssignableFrom(raw)) {
            return "a list";
        } else if (Map.class.isAssignableFrom(raw)) {
            return "a mapping of names to values";
        }
        return "a " + raw.getSimpleName();
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        } else if (node.isArray()) {
            return "a list";
        }
        return "'" + node.asText() + "'";
    }

    private static String names(RecordComponent[] components) {
        return String.join(", ", Arrays.stream(components).map(RecordComponent::getName).toList());
    }

    /** " (did you mean 'port'?)" when a known key is at most two edits away. */
    private static String suggestion(String key, List<String> known) {
        return known.stream()
                .filter(k -> distance(k.toLowerCase(), key.toLowerCase()) <= 2)
                .min(Comparator.comparingInt(k -> distance(k.toLowerCase(), key.toLowerCase())))
                .map(k -> " (did you mean '" + k + "'?)")
                .orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static <R extends Record> R construct(Class<R> type, RecordComponent[] components, Object[] arguments) {
        try {
            Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(arguments);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot construct DTO " + type.getName(), e);
        }
    }
}
