package dev.stackyard.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The top level of {@code stackyard.yaml}; entries are bound one by one so each reports its own problems. */
record ConfigFileDto(List<JsonNode> services, List<JsonNode> sites) {
}
