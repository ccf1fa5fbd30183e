package dev.stackyard.ui;

import dev.stackyard.core.service.ServiceKind;
import dev.stackyard.core.service.ServiceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which buttons a row enables, as a table: from the kind's descriptor (instances, page) and the state. */
class RowActionsTest {

    @ParameterizedTest(name = "{0} {1} pending={2}")
    @CsvSource({
            // kind,    state,         pending, start, stop,  restart, open,  copy, remove
            "redis,    STOPPED,       false,   true,  false, false,   false, true, true",
            "redis,    STARTING,      false,   false, false, false,   false, true, false",
            "redis,    RUNNING,       false,   false, true,  true,    false, true, true",
            "redis,    STOPPING,      false,   false, false, false,   false, true, false",
            "redis,    FAILED,        false,   true,  true,  false,   false, true, true",
            "redis,    NOT_INSTALLED, false,   false, false, false,   false, true, true",
            "redis,    STOPPED,       true,    false, false, false,   false, true, false",
            "redis,    RUNNING,       true,    false, false, false,   false, true, false",
            "nginx,    RUNNING,       false,   false, true,  true,    true,  true, false",
            "nginx,    STOPPED,       false,   true,  false, false,   false, true, false",
            "postgres, STOPPED,       false,   true,  false, false,   false, true, true",
            "postgres, RUNNING,       false,   false, true,  true,    false, true, true",
            "postgres, FAILED,        false,   true,  true,  false,   false, true, true",
            "postgres, NOT_INSTALLED, false,   false, false, false,   false, true, true",
            "postgres, STARTING,      false,   false, false, false,   false, true, false",
            "postgres, STOPPING,      false,   false, false, false,   false, true, false",
            "postgres, RUNNING,       true,    false, false, false,   false, true, false",
            "process,  STOPPED,       false,   true,  false, false,   false, true, false",
            "php-fpm,  RUNNING,       false,   false, true,  true,    false, true, false",
            // The test tree's kind: instances and a page, from its descriptor alone.
            "sleeper,  RUNNING,       false,   false, true,  true,    true,  true, true",
    })
    void actionsFollowKindStateAndPending(String kind, ServiceState state, boolean pending, boolean start, boolean stop,
                                          boolean restart, boolean open, boolean copy, boolean remove) {
        RowActions a = RowActions.of(ServiceKind.fromConfigName(kind).orElseThrow(), state, pending, true);
        assertEquals(new RowActions(start, stop, restart, open, copy, remove), a);
    }

    @ParameterizedTest
    @CsvSource({"nginx", "redis", "process"})
    void noUrlMeansNothingToCopyOrOpen(String kind) {
        RowActions a = RowActions.of(ServiceKind.fromConfigName(kind).orElseThrow(), ServiceState.RUNNING, false, false);
        assertEquals(false, a.copyUrl());
        assertEquals(false, a.openInBrowser());
    }
}
