package dev.stackyard.core.service;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * ServiceSnapshot's equals and hashCode are written by hand (see there): a snapshot is equal to
 * one with the same components, and unequal as soon as any one component differs, including one
 * added later (the components are found by reflection, so a new one without a case here fails).
 */
class ServiceSnapshotTest {
    private static final RecordComponent[] COMPONENTS = ServiceSnapshot.class.getRecordComponents();

    private static Object[] base() {
        return new Object[] {"cache", ServiceKind.named("redis"), "7.0", ServiceState.RUNNING, 42L, 6379,
                Path.of("/run/cache.pid"), Path.of("/logs/cache.log"), "redis://127.0.0.1:6379", "an error",
                List.of("line"), "progress", Instant.parse("2026-12-07T10:00:00Z"), false,
                Instant.parse("2026-12-07T10:01:00Z"), "a notice", "7.0.15", "7.2.4"};
    }

    /** Another value of the component's type. */
    private static Object other(Class<?> type, Object value) {
        if (type == String.class) {
            return value + "-other";
        } else if (type == ServiceKind.class) {
            return ServiceKind.named("postgres");
        } else if (type == ServiceState.class) {
            return ServiceState.STOPPED;
        } else if (type == Long.class) {
            return 43L;
        } else if (type == Integer.class) {
            return 6380;
        } else if (type == Path.class) {
            return Path.of("/elsewhere");
        } else if (type == List.class) {
            return List.of("another line");
        } else if (type == Instant.class) {
            return ((Instant) value).plusSeconds(1);
        } else if (type == boolean.class) {
            return !(Boolean) value;
        }
        throw new AssertionError("ServiceSnapshotTest has no other value for a component of type " + type);
    }

    private static ServiceSnapshot make(Object[] args) throws Exception {
        Constructor<ServiceSnapshot> canonical = ServiceSnapshot.class.getDeclaredConstructor(
                Arrays.stream(COMPONENTS).map(RecordComponent::getType).toArray(Class<?>[]::new));
        return canonical.newInstance(args);
    }

    @Test
    void equalComponentsMakeEqualSnapshotsWithEqualHashes() throws Exception {
        assertEquals(COMPONENTS.length, base().length, "base() names every component");
        ServiceSnapshot a = make(base());
        ServiceSnapshot b = make(base());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void anyOneComponentChangedMakesThemUnequal() throws Exception {
        ServiceSnapshot a = make(base());
        for (int i = 0; i < COMPONENTS.length; i++) {
            Object[] args = base();
            args[i] = other(COMPONENTS[i].getType(), args[i]);
            ServiceSnapshot changed = make(args);
            assertNotEquals(a, changed, COMPONENTS[i].getName() + " changed, yet equal");
            assertNotEquals(changed, a, COMPONENTS[i].getName() + " changed, yet equal (the other way)");
        }
    }
}
