package dev.stackyard.core.service;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ConfigDiff#of} as a table: services held now (id=command) and a new config -> added, changed, removed. */
class ConfigDiffTest {

    static Stream<Arguments> table() {
        return Stream.of(
                //        held now         new config        added        changed      removed
                Arguments.of("",             "",               "",          "",          ""),
                Arguments.of("",             "a=1 b=1",        "a b",       "",          ""),
                Arguments.of("a=1 b=1",      "a=1 b=1",        "",          "",          ""),
                Arguments.of("a=1 b=1",      "b=1 a=1",        "",          "",          ""),
                Arguments.of("a=1 b=1",      "a=2 b=1",        "",          "a",         ""),
                Arguments.of("a=1 b=1 c=1",  "c=1",            "",          "",          "a b"),
                Arguments.of("b=1 a=1",      "",               "",          "",          "b a"),
                Arguments.of("a=1 b=1",      "c=1 b=2 d=1",    "c d",       "b",         "a"),
                Arguments.of("a=1",          "b=2 a=3",        "b",         "a",         ""));
    }

    @ParameterizedTest(name = "held [{0}], new [{1}]: added [{2}], changed [{3}], removed [{4}]")
    @MethodSource("table")
    void diff(String held, String next, String added, String changed, String removed) {
        Map<String, ServiceDefinition> wanted = new LinkedHashMap<>();
        defs(held).forEach(d -> wanted.put(d.id(), d));
        ConfigDiff diff = ConfigDiff.of(wanted, defs(next));
        assertEquals(ids(added), diff.added().stream().map(ServiceDefinition::id).toList(), "added");
        assertEquals(ids(changed), diff.changed().stream().map(ServiceDefinition::id).toList(), "changed");
        assertEquals(ids(removed), diff.removed(), "removed");
        ServiceRegistry.ConfigChange change = diff.toChange();
        assertEquals(ids(added), change.added());
        assertEquals(ids(changed), change.changed());
        assertEquals(ids(removed), change.removed());
        // Added and changed services are handed over whole: the definitions of the new config.
        List<ServiceDefinition> config = defs(next);
        for (ServiceDefinition d : diff.added()) {
            assertTrue(config.contains(d), d + " is the new config's");
        }
        for (ServiceDefinition d : diff.changed()) {
            assertTrue(config.contains(d), d + " is the new config's");
        }
    }

    private static List<ServiceDefinition> defs(String spec) {
        return ids(spec).stream().map(s -> {
            String[] p = s.split("=");
            return ServiceDefinition.builder(p[0], ServiceKind.named("process")).command(List.of("sleep", p[1])).build();
        }).toList();
    }

    private static List<String> ids(String spec) {
        return spec.isBlank() ? List.of() : Arrays.asList(spec.trim().split("\\s+"));
    }
}
