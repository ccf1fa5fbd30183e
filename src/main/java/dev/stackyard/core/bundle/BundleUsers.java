package dev.stackyard.core.bundle;

import dev.stackyard.core.service.Installation;
import dev.stackyard.core.service.Installations;
import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.service.ServiceKind;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Which configured services would run a given bundle. Pure apart from the installations' scan. */
public final class BundleUsers {
    private BundleUsers() {
    }

    /**
     * The ids of the services of {@code kind} whose version setting resolves to the installation in
     * {@code folder} today (a service without a version runs the newest, so it counts for that one).
     */
    public static List<String> of(ServiceKind kind, Path folder, List<ServiceDefinition> services, Installations installations) {
        Path normalized = folder.toAbsolutePath().normalize();
        return services.stream()
                .filter(d -> d.kind() == kind)
                .filter(d -> {
                    Optional<Installation> i = installations.resolve(kind, d.version());
                    return i.isPresent() && i.get().binary().toAbsolutePath().normalize().startsWith(normalized);
                })
                .map(ServiceDefinition::id)
                .toList();
    }
}
