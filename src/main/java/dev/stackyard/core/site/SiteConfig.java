package dev.stackyard.core.site;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code sites:} list of {@code stackyard.yaml}, validated: linked sites (unique names) and
 * parked folders, each in file order.
 */
public record SiteConfig(List<LinkedSite> links, List<ParkedDir> parked) {
    public static final SiteConfig EMPTY = new SiteConfig(List.of(), List.of());

    public SiteConfig {
        links = List.copyOf(links);
        parked = List.copyOf(parked);
    }

    public Optional<LinkedSite> link(String name) {
        return links.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public Optional<ParkedDir> park(Path dir) {
        return parked.stream().filter(p -> p.dir().equals(dir)).findFirst();
    }

    /** This config with {@code site} added, or replacing the link of the same name. */
    public SiteConfig with(LinkedSite site) {
        List<LinkedSite> out = new ArrayList<>(links);
        out.removeIf(l -> l.name().equals(site.name()));
        out.add(site);
        return new SiteConfig(out, parked);
    }

    public SiteConfig with(ParkedDir dir) {
        List<ParkedDir> out = new ArrayList<>(parked);
        out.removeIf(p -> p.dir().equals(dir.dir()));
        out.add(dir);
        return new SiteConfig(links, out);
    }

    public SiteConfig without(String name) {
        List<LinkedSite> out = new ArrayList<>(links);
        out.removeIf(l -> l.name().equals(name));
        return new SiteConfig(out, parked);
    }

    public SiteConfig withoutPark(Path dir) {
        List<ParkedDir> out = new ArrayList<>(parked);
        out.removeIf(p -> p.dir().equals(dir));
        return new SiteConfig(links, out);
    }
}
