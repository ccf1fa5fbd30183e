package dev.stackyard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The top-level {@code mavenRepository:} key of {@code stackyard.yaml}: the Maven repository
 * {@code stackyard install} and the Versions window download from (the environment variable
 * {@code STACKYARD_MAVEN_REPO} wins over it). Read on its own so that listing versions never needs
 * a valid service list.
 */
public final class MavenRepositorySetting {
    public static final String KEY = "mavenRepository";

    private MavenRepositorySetting() {
    }

    /** The key's value in {@code configFile}; empty when the file or the key is missing, or the file is not YAML. */
    public static Optional<String> read(Path configFile) {
        if (!Files.isRegularFile(configFile)) {
            return Optional.empty();
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(configFile.toFile());
            JsonNode value = root == null ? null : root.get(KEY);
            return value != null && value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText().strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // the config's own reader reports a broken file, with its line
        }
    }
}
