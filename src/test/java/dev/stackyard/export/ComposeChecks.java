package dev.stackyard.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The checks an exported Compose file must pass: the project's own structural rules, and the
 * Compose specification as {@code docker-compose config} (Debian's docker-compose, which validates
 * without a daemon; .ci/run installs it) reads it.
 */
final class ComposeChecks {
    private ComposeChecks() {
    }

    static JsonNode parse(String text) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(text);
    }

    /**
     * Every service has an image and a healthcheck, every named volume is declared, every
     * depends_on target exists and waits for health, every port is bound to 127.0.0.1, and none of
     * {@code passwords} appears in the text.
     */
    static List<String> problems(String text, Collection<String> passwords) throws IOException {
        List<String> problems = new ArrayList<>();
        JsonNode root = parse(text);
        JsonNode services = root.path("services");
        if (!services.isObject() || services.isEmpty()) {
            problems.add("no services");
        }
        JsonNode volumes = root.path("volumes");
        services.properties().forEach(entry -> {
            String id = entry.getKey();
            JsonNode service = entry.getValue();
            if (!service.path("image").isTextual() || service.path("image").asText().isBlank()) {
                problems.add(id + ": no image");
            }
            if (!service.path("healthcheck").path("test").isArray()) {
                problems.add(id + ": no healthcheck");
            }
            for (JsonNode port : service.path("ports")) {
                if (!port.asText().startsWith("127.0.0.1:")) {
                    problems.add(id + ": port " + port.asText() + " is not bound to 127.0.0.1");
                }
            }
            for (JsonNode mount : service.path("volumes")) {
                if (mount.path("type").asText().equals("volume") && !volumes.has(mount.path("source").asText())) {
                    problems.add(id + ": volume " + mount.path("source").asText() + " is not declared");
                }
            }
            service.path("depends_on").properties().forEach(dependency -> {
                if (!services.has(dependency.getKey())) {
                    problems.add(id + ": depends on " + dependency.getKey() + ", which is not a service");
                }
                if (!dependency.getValue().path("condition").asText().equals("service_healthy")) {
                    problems.add(id + ": does not wait for " + dependency.getKey() + " to be healthy");
                }
            });
        });
        for (String password : passwords) {
            if (text.contains(password)) {
                problems.add("a password is written in the file");
            }
        }
        return problems;
    }

    /** The result of {@code docker-compose -f FILE ARGS...}: exit code and what it printed. */
    record Run(int code, String out, String err) {
    }

    /** Runs docker-compose on {@code file} (its folder is the project folder, whose .env it reads). */
    static Run dockerCompose(Path file, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker-compose", "--ansi", "never", "-f", file.toString()));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile("docker-compose", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(file.getParent().toFile())
                        .redirectError(errors.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("docker-compose is needed to check the Compose file against the specification;"
                        + " install it (apt install docker-compose, as .ci/run does)", e);
            }
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("docker-compose did not finish: " + Files.readString(errors));
            }
            return new Run(process.exitValue(), stdout, Files.readString(errors));
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
