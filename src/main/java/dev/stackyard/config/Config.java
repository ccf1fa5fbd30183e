package dev.stackyard.config;

import dev.stackyard.core.service.ServiceDefinition;
import dev.stackyard.core.site.SiteConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, valid {@code stackyard.yaml}: every default applied, every reference checked.
 *
 * @param file     the file it was read from
 * @param services in file order; ids and ports are unique
 * @param sites    the {@code sites:} list (linked sites and parked folders)
 */
public record Config(Path file, List<ServiceDefinition> services, SiteConfig sites) {

    public Config {
        Objects.requireNonNull(file, "file");
        services = List.copyOf(services);
        Objects.requireNonNull(sites, "sites");
    }

    /** A config without sites. */
    public Config(Path file, List<ServiceDefinition> services) {
        this(file, services, SiteConfig.EMPTY);
    }

    /** The service with this id, if there is one. */
    public Optional<ServiceDefinition> find(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
