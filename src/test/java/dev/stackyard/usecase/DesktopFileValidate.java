package dev.stackyard.usecase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs desktop-file-validate (desktop-file-utils) on a file: what it printed, or "" when it found nothing. */
public final class DesktopFileValidate {
    private DesktopFileValidate() {
    }

    /** @throws AssertionError when the tool is missing or does not finish */
    public static String problems(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("desktop-file-validate", file.toString())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("desktop-file-validate did not finish");
        }
        return p.exitValue() == 0 && out.isBlank() ? "" : "exit " + p.exitValue() + ": " + out;
    }
}
