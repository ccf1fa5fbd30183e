package dev.stackyard.tray;

import dev.stackyard.core.service.ServiceState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static dev.stackyard.core.service.ServiceState.FAILED;
import static dev.stackyard.core.service.ServiceState.RUNNING;
import static dev.stackyard.core.service.ServiceState.STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The aggregate the tray icon shows, as a table. */
class TrayStatusTest {

    @ParameterizedTest(name = "{0} -> {1}, {2}, \"{3}\"")
    @CsvSource(delimiter = '|', textBlock = """
            ''                              | IDLE        | Passive        | no services
            STOPPED,STOPPED                 | IDLE        | Passive        | nothing running
            RUNNING,STOPPED                 | PARTIAL     | Active         | 1 running
            RUNNING,RUNNING,RUNNING         | ALL_RUNNING | Active         | 3 running
            RUNNING,RUNNING,RUNNING,FAILED  | ATTENTION   | NeedsAttention | 3 running, 1 failed
            FAILED,STOPPED                  | ATTENTION   | NeedsAttention | 0 running, 1 failed
            STARTING,STOPPING               | IDLE        | Passive        | nothing running
            """)
    void aggregate(String states, TrayStatus.Look look, String sniStatus, String tooltip) {
        List<dev.stackyard.core.service.ServiceSnapshot> all = new ArrayList<>();
        int i = 0;
        for (String s : states.isEmpty() ? new String[0] : states.split(",")) {
            all.add(Snapshots.of("s" + i++, ServiceState.valueOf(s)));
        }
        TrayStatus status = TrayStatus.of(all);
        assertEquals(look, status.look());
        assertEquals(sniStatus, status.sniStatus());
        assertEquals(tooltip, status.tooltip());
    }

    @org.junit.jupiter.api.Test
    void countsFailedAndRunningSeparately() {
        TrayStatus s = TrayStatus.of(List.of(Snapshots.of("a", RUNNING), Snapshots.of("b", FAILED),
                Snapshots.of("c", STOPPED)));
        assertEquals(new TrayStatus(3, 1, 1), s);
    }
}
