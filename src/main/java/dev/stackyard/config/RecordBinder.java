package dev.stackyard.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Binds a YAML mapping onto a DTO record with Jackson, one component at a time, rejecting keys that
 * are not components.
 *
 * <p>Binding the whole record in one {@code treeToValue} would stop at the first unknown key or bad
 * value; binding per component lets one entry report all of them. Problems are added to the list
 * given at construction; the returned record has null for every component that failed.
 */
final class RecordBinder {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

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
        if (component.getType().isRecord()) {
            return bind(component.getType().asSubclass(Record.class), value, path);
        }
        JavaType target = MAPPER.constructType(component.getGenericType());
        try {
            return MAPPER.treeToValue(value, target);
        } catch (JsonMappingException e) {
            String where = path + pathSuffix(e);
            JsonNode culprit = at(value, e);
            String expected = expected(culprit == value ? target : elementType(target));
            problem(where, culprit.isValueNode()
                    ? "'" + culprit.asText() + "' is not " + expected
                    : "expected " + expected + ", not " + describe(culprit));
            return null;
        } catch (IllegalArgumentException | JsonProcessingException e) {
            // Any other failure converting a tree we built ourselves is a bug, not the user's problem.
            throw new IllegalStateException("cannot bind " + path + " to " + target, e);
        }
    }

    private void problem(String path, String message) {
        problems.add(new ConfigProblem(path, document.line(path), message));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** "[1]" for the second element of a list, ".NAME" for a map value, "" for the value itself. */
    private static String pathSuffix(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                out.append('.').append(ref.getFieldName());
            }
        }
        return out.toString();
    }

    private static JsonNode at(JsonNode value, JsonMappingException e) {
        JsonNode node = value;
        for (JsonMappingException.Reference ref : e.getPath()) {
            JsonNode next = ref.getIndex() >= 0 ? node.get(ref.getIndex()) : node.get(ref.getFieldName());
            if (next == null) {
                return node;
            }
            node = next;
        }
        return node;
    }

    private static JavaType elementType(JavaType type) {
        return type.getContentType() == null ? type : type.getContentType();
    }

    private static String expected(JavaType type) {
        Class<?> raw = type.getRawClass();
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
