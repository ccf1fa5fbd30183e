package dev.stackyard.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The top level of {@code stackyard.yaml}; entries are bound one by one so each reports its own problems.
 * {@code sites} are the sites (SiteConfigReader). {@code mavenRepository} is where {@code stackyard install} downloads from (read by MavenRepositorySetting).
 */
record ConfigFileDto(List<JsonNode> services, String mavenRepository, List<JsonNode> sites) {
}
