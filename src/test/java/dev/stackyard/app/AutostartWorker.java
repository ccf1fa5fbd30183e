package dev.stackyard.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A stack of one for the start-up tests: a real {@code process} service, {@code worker} (sleep 1000), marked autostart. */
final class AutostartWorker {
    static final String ID = "worker";

    private AutostartWorker() {
    }

    /** Writes it as {@code home}'s stackyard.yaml. */
    static void writeConfig(Path home) throws IOException {
        Files.writeString(home.resolve("stackyard.yaml"), """
                services:
                  - id: worker
                    kind: process
                    command: ["sleep", "1000"]
                    autostart: true
                """, StandardCharsets.UTF_8);
    }
}
