package dev.stackyard.ui;

import dev.stackyard.core.service.probe.PortCheck;
import dev.stackyard.core.service.probe.PortHolder;

import java.util.Optional;

/** Who holds a TCP port right now. Reads /proc: call it on a background thread. */
public interface PortProbe {

    /** Empty when the port is free, else one sentence naming the holder. */
    Optional<String> holder(int port);

    /** The first port at or above {@code from} that {@link #holder} calls free. */
    int findFree(int from);

    /** The real one, over {@link PortCheck}. */
    static PortProbe system() {
        return new PortProbe() {
            @Override
            public Optional<String> holder(int port) {
                return PortCheck.holder(port).map(PortHolder::message);
            }

            @Override
            public int findFree(int from) {
                return PortCheck.findFree(from);
            }
        };
    }
}
