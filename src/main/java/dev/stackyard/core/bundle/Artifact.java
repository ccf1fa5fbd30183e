package dev.stackyard.core.bundle;

import java.util.Objects;

/**
 * A file in a Maven repository: {@code groupId/path/artifactId/version/artifactId-version.extension}.
 *
 * @param extension {@code jar}; the checksum files add {@code .sha1} or {@code .sha256} to it
 */
public record Artifact(String groupId, String artifactId, String version, String extension) {

    public Artifact {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(extension, "extension");
    }

    /** A jar. */
    public static Artifact jar(String groupId, String artifactId, String version) {
        return new Artifact(groupId, artifactId, version, "jar");
    }

    /** The artifact's folder of versions, relative to the repository root (holds maven-metadata.xml). */
    public static String artifactPath(String groupId, String artifactId) {
        return groupId.replace('.', '/') + "/" + artifactId;
    }

    /** The file's path relative to the repository root. */
    public String path() {
        return artifactPath(groupId, artifactId) + "/" + version + "/" + artifactId + "-" + version + "." + extension;
    }

    /** {@code group:artifact:version}, as Maven prints coordinates. */
    public String coordinates() {
        return groupId + ":" + artifactId + ":" + version;
    }

    @Override
    public String toString() {
        return coordinates();
    }
}
