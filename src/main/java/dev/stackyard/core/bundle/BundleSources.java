package dev.stackyard.core.bundle;

import dev.stackyard.core.service.ServiceKind;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The Maven sources of installable kinds for one machine architecture. Immutable. */
public final class BundleSources {
    private final Map<ServiceKind, BundleSource> sources;

    public BundleSources(Map<ServiceKind, BundleSource> sources) {
        this.sources = Map.copyOf(sources);
    }

    /**
     * The sources for {@code osArch} (the {@code os.arch} property): of every registered kind whose
     * descriptor is {@link MavenBuilds} and knows builds for that architecture.
     */
    public static BundleSources forArch(String osArch) {
        Map<ServiceKind, BundleSource> map = new HashMap<>();
        for (ServiceKind kind : ServiceKind.all()) {
            if (kind.spec() instanceof MavenBuilds builds) {
                builds.mavenBuilds(osArch).ifPresent(source -> map.put(kind, source));
            }
        }
        return new BundleSources(map);
    }

    /** {@link #forArch} of this JVM's machine. */
    public static BundleSources forThisMachine() {
        return forArch(System.getProperty("os.arch", ""));
    }

    public Optional<BundleSource> get(ServiceKind kind) {
        return Optional.ofNullable(sources.get(kind));
    }
}
