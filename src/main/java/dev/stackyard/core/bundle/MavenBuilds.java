package dev.stackyard.core.bundle;

import java.util.Optional;

/**
 * Implemented by a kind's descriptor ({@code core.service.Kind}) whose versions are
 * {@code SYSTEM_AND_MAVEN}: where its relocatable builds come from for one machine architecture.
 * The engine's {@code core.service} knows nothing of bundles; {@link BundleSources} asks each
 * registered kind whether it is one of these.
 */
public interface MavenBuilds {

    /**
     * The source of builds for {@code osArch} (the {@code os.arch} property: {@code amd64},
     * {@code aarch64}...), or empty when none is known for that architecture.
     */
    Optional<BundleSource> mavenBuilds(String osArch);
}
